package org.revenge.analytics.internal.admin.shell.karaf;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.spi.AnalyticsAdmin;

/** Completes the ids of the oldest quarantined records, those {@code analytics:quarantine} lists first. */
@Service
public class QuarantineIdCompleter implements Completer {

    /** As many as a listing shows at most: beyond that, a completion list helps nobody. */
    private static final int SHOWN = 100;

    @Reference(optional = true)
    AnalyticsAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        AnalyticsAdmin service = admin;
        List<String> ids = service == null ? List.of()
                : service.getQuarantined(SHOWN).stream().map(entry -> String.valueOf(entry.id())).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
