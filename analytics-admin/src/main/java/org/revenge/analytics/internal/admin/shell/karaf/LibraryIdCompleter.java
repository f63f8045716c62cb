package org.revenge.analytics.internal.admin.shell.karaf;

import java.util.List;
import java.util.UUID;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.AnalyticsService;

/**
 * Completes the ids of the libraries Analytics has seen scanned, each described by the name the
 * host gives it (Karaf shows the description beside the id in its completion list).
 */
@Service
public class LibraryIdCompleter implements Completer {

    @Reference
    AnalyticsService analytics;

    @Reference(optional = true)
    AnalyticsNames names;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(libraries().stream().map(UUID::toString).toList()).complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        AnalyticsNames hostNames = names;
        ShownNames shown = ShownNames.of(() -> hostNames);
        for (UUID library : libraries()) {
            String id = library.toString();
            candidates.add(new Candidate(id, id, null, shown.library(library), null, null, true));
        }
    }

    private List<UUID> libraries() {
        return analytics.getLibraries().stream().map(library -> library.libraryId()).toList();
    }
}
