package org.revenge.analytics.internal.admin.shell.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the usual periods, in the short form the shell and the HTTP API share. */
@Service
public class PeriodCompleter implements Completer {

    /** The periods an admin asks for most; any other (say 3d, P10D) is accepted too. */
    static final List<String> PERIODS = List.of("1h", "24h", "7d", "30d", "4w", "90d", "365d", "all");

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(PERIODS).complete(session, commandLine, candidates);
    }
}
