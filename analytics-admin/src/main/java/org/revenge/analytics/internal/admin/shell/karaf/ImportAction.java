package org.revenge.analytics.internal.admin.shell.karaf;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.revenge.analytics.internal.admin.shell.CommandTexts;
import org.revenge.analytics.internal.admin.shell.ImportCommand;
import org.revenge.analytics.internal.admin.shell.KarafCommandLine;
import org.revenge.analytics.spi.AnalyticsImporter;

/** {@code analytics:import}: the logic is {@link ImportCommand}'s, shared with Gogo. */
@Command(scope = "analytics", name = "import", description = CommandTexts.IMPORT)
@Service
public class ImportAction implements Action {

    /** Optional: an analytics bundle older than SPI 1.4 has none, and the command says so. */
    @Reference(optional = true)
    AnalyticsImporter importer;

    @Argument(index = 0, name = "SOURCE", required = true,
            description = "tautulli (tautulli.db), jellystat (a backup .json), playback-reporting (its .db or .tsv) or revenge")
    @Completion(value = StringsCompleter.class, values = {"tautulli", "jellystat", "playback-reporting", "revenge"})
    String source;

    @Argument(index = 1, name = "FILE", required = true, description = "the file, on the server")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--map", description = "CSV lines kind,source_id,uuid (kind user, library or media) mapping the source's ids")
    @Completion(FileCompleter.class)
    String map;

    @Option(name = "--zone", description = "the server's zone for times stored without one (Playback Reporting)")
    String zone;

    @Option(name = "--dry-run", description = "count everything and write nothing")
    boolean dryRun;

    @Override
    public Object execute() throws Exception {
        AnalyticsImporter service = importer;
        new ImportCommand(() -> service).run(KarafCommandLine.of("import").positional(source).positional(file)
                .option("map", map).option("zone", zone).flag("dry-run", dryRun), System.out);
        System.out.flush();
        return null;
    }
}
