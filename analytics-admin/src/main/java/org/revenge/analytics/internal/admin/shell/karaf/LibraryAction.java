package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:library}: see {@link CommandTexts#LIBRARY}. */
@Command(scope = "analytics", name = "library", description = CommandTexts.LIBRARY)
@Service
public class LibraryAction extends AnalyticsAction {

    @Argument(index = 0, name = "LIBRARY-ID", description = "show this library in detail (default: a table of all)")
    @Completion(LibraryIdCompleter.class)
    String library;

    @Override
    void arguments(KarafCommandLine line) {
        line.positional(library);
    }
}
