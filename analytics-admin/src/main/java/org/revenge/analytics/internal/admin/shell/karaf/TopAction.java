package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:top}: see {@link CommandTexts#TOP}. */
@Command(scope = "analytics", name = "top", description = CommandTexts.TOP)
@Service
public class TopAction extends AnalyticsAction {

    @Option(name = "--library", description = "only this library (default: every library)")
    @Completion(LibraryIdCompleter.class)
    String library;

    @Option(name = "--period", description = "how far back: 24h, 7d, 4w, P7D, all (default 7d)")
    @Completion(PeriodCompleter.class)
    String period;

    @Option(name = "--limit", description = "items per library, 1 to 1000 (default 10)")
    String limit;

    @Option(name = "--by", description = "rank by plays (default) or by distinct users")
    @Completion(value = StringsCompleter.class, values = {"plays", "users"})
    String by;

    @Override
    void arguments(KarafCommandLine line) {
        line.option("library", library).option("period", period).option("limit", limit).option("by", by);
    }
}
