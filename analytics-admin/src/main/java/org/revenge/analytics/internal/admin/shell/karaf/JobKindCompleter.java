package org.revenge.analytics.internal.admin.shell.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.spi.AnalyticsAdmin;

/** Completes the job kinds that {@code analytics:run-job} takes. */
@Service
public class JobKindCompleter implements Completer {

    @Reference(optional = true)
    AnalyticsAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        AnalyticsAdmin service = admin;
        return new StringsCompleter(service == null ? List.of() : service.getJobKinds()).complete(session, commandLine, candidates);
    }
}
