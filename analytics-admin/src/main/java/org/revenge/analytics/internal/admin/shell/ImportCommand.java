package org.revenge.analytics.internal.admin.shell;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code analytics:import [--dry-run] [--map FILE] [--zone ZONE] SOURCE FILE}: brings watch history
 * from a peer's file on the server, shows progress while it runs and ends with the one-line report.
 * The logic of the command, apart from the shell that calls it ({@link ImportGogoCommand} for Gogo
 * and Karaf's CommandTracker), so another shell front end can call {@link #run} as it is.
 */
public final class ImportCommand {

    static final String NAME = "import";
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);

    static final CommandSpec SPEC = new CommandSpec(NAME, CommandTexts.IMPORT,
            "[--dry-run] [--map FILE] [--zone ZONE] SOURCE FILE",
            List.of("SOURCE         tautulli (tautulli.db), jellystat (a backup .json), playback-reporting",
                    "               (playback_reporting.db or its .tsv backup) or revenge (an analytics:export --format json)",
                    "FILE           the file, on the server",
                    "--map FILE     CSV lines kind,source_id,uuid (kind user, library or media) mapping the source's ids",
                    "--zone ZONE    the server's zone for times stored without one (Playback Reporting); default: the plugin's",
                    "--dry-run      count everything and write nothing"),
            Set.of("map", "zone"), Set.of("dry-run"));

    private final Supplier<AnalyticsImporter> importer;

    /** @param importer the importer, or a supplier of {@code null} while there is none (an analytics bundle older than SPI 1.4) */
    public ImportCommand(Supplier<AnalyticsImporter> importer) {
        this.importer = importer;
    }

    /**
     * @throws CommandException        for a bad argument, naming it
     * @throws IllegalStateException when the import failed, with its reason
     */
    public void run(List<?> args, PrintStream out) {
        CommandLine line = CommandLine.parse(SPEC.fullName(), args, SPEC.valueOptions(), SPEC.flagOptions());
        if (line.flag("help")) {
            SPEC.printHelp(out);
            return;
        }
        run(line, out);
    }

    /** As a Karaf action: Karaf's shell parsed the arguments and printed any help. */
    public void run(KarafCommandLine line, PrintStream out) {
        run(line.build(), out);
    }

    private void run(CommandLine line, PrintStream out) {
        line.expectPositionals(2, 2, "SOURCE FILE");
        String sourceName = line.positional(0).orElseThrow();
        ImportSource source = ImportSource.fromWireName(sourceName).orElseThrow(() -> new CommandException(line.command()
                + ": SOURCE must be tautulli, jellystat, playback-reporting or revenge, not '" + sourceName + "'"));
        Path file = existing(line, "FILE", line.positional(1).orElseThrow());
        Path map = line.option("map").map(name -> existing(line, "--map", name)).orElse(null);
        ZoneId zone = line.option("zone").map(name -> {
            try {
                return ZoneId.of(name.strip());
            } catch (DateTimeException e) {
                throw new CommandException(line.command() + ": --zone must be a time zone such as Europe/Paris, not '" + name + "'");
            }
        }).orElse(null);
        boolean dryRun = line.flag("dry-run");
        AnalyticsImporter service = importer.get();
        if (service == null) {
            throw new IllegalStateException(line.command() + ": the AnalyticsImporter service is not available "
                    + "(the analytics bundle is stopped, or older than SPI 1.4)");
        }
        if (!dryRun) {
            AUDIT.info("{} imported {} history from {} (shell analytics:import)", Actor.current(), source.wireName(),
                    file.getFileName());
        }
        try {
            ImportReport report = service.importHistory(new ImportRequest(source, file, null, map, zone, dryRun),
                    (phase, rows) -> {
                        out.println(phase + ": " + rows + " rows read");
                        out.flush();
                    });
            out.println(report.line());
        } catch (AnalyticsException e) {
            throw new IllegalStateException(line.command() + ": " + e.getMessage(), e);
        }
    }

    private static Path existing(CommandLine line, String argument, String name) {
        Path path = Path.of(name.strip());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new CommandException(line.command() + ": " + argument + " must be a readable file on the server, not '" + name + "'");
        }
        return path;
    }
}
