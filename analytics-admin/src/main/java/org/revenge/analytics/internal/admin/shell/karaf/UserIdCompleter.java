package org.revenge.analytics.internal.admin.shell.karaf;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;

/** Completes the ids of users who played within the last 30 days, and of users who opted out. */
@Service
public class UserIdCompleter implements Completer {

    @Reference
    AnalyticsService analytics;

    @Reference(optional = true)
    AnalyticsAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        Set<String> ids = new TreeSet<>();
        analytics.getActiveUsers(Duration.ofDays(30)).forEach(user -> ids.add(user.userId().toString()));
        AnalyticsAdmin service = admin;
        if (service != null) {
            service.getOptedOutUsers().forEach(user -> ids.add(user.toString()));
        }
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
