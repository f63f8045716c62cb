package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;

/** {@code analytics:export}: see {@link CommandTexts#EXPORT}. */
@Command(scope = "analytics", name = "export", description = CommandTexts.EXPORT)
@Service
public class ExportAction extends AnalyticsAction {

    @Argument(index = 0, name = "FILE", description = "where to write; an existing file is kept unless --force", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--format", description = "csv (default) or json; a user's export is always json")
    @Completion(value = StringsCompleter.class, values = {"csv", "json"})
    String format;

    @Option(name = "--from", description = "first day or instant, inclusive, e.g. 2026-11-01 (default: all stored plays)")
    String from;

    @Option(name = "--to", description = "end, exclusive, e.g. 2026-11-24 (default: now)")
    String to;

    @Option(name = "--user", description = "export everything stored about this user instead")
    @Completion(UserIdCompleter.class)
    String user;

    @Option(name = "--force", description = "overwrite FILE")
    boolean force;

    @Override
    void arguments(KarafCommandLine line) {
        line.positional(file).option("format", format).option("from", from).option("to", to).option("user", user)
                .flag("force", force);
    }
}
