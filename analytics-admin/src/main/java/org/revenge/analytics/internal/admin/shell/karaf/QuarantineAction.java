package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:quarantine}: see {@link CommandTexts#QUARANTINE}. */
@Command(scope = "analytics", name = "quarantine", description = CommandTexts.QUARANTINE)
@Service
public class QuarantineAction extends AnalyticsAction {

    @Argument(index = 0, name = "ACTION", description = "redrive (feed the entry back through the writer, once its cause "
            + "is fixed) or discard (delete it for good); without it, lists the entries")
    @Completion(value = StringsCompleter.class, values = {"redrive", "discard"})
    String action;

    @Argument(index = 1, name = "ID", description = "the entry's id, as the listing shows it")
    @Completion(QuarantineIdCompleter.class)
    String id;

    @Option(name = "--limit", description = "entries listed, the oldest first, 1 to 1000 (default 20)")
    String limit;

    @Override
    void arguments(KarafCommandLine line) {
        line.option("limit", limit).positional(action).positional(id);
    }
}
