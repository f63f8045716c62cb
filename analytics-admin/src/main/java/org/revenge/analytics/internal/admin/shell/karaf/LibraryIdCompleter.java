package org.revenge.analytics.internal.admin.shell.karaf;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.spi.AnalyticsAdmin;

/** Completes the ids of the libraries Analytics has seen scanned. The host gives no library names today, so the ids alone are offered. */
@Service
public class LibraryIdCompleter implements Completer {

    @Reference(optional = true)
    AnalyticsAdmin admin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        AnalyticsAdmin service = admin;
        List<String> ids = service == null ? List.of()
                : service.getLibraries().stream().map(library -> library.libraryId().toString()).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
