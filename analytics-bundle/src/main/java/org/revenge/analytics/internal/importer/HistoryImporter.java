package org.revenge.analytics.internal.importer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.ibatis.session.SqlSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.util.Arguments;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.ImportMapper;
import org.revenge.analytics.internal.store.ImportMapper.ImportTotals;
import org.revenge.analytics.internal.store.MediaTypeHandler;
import org.revenge.analytics.internal.store.MediaYearMapper;
import org.revenge.analytics.internal.store.PeakStreamsMapper;
import org.revenge.analytics.internal.store.PlayMethodMapper;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.store.ServerYearMapper;
import org.revenge.analytics.internal.store.UserItemMapper;
import org.revenge.analytics.internal.store.YearMapper;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.ImportProgress;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk path for history: the source file is read as a stream, each viewing judged by the
 * counting rules and mapped to the host's ids, and the plays go by binary COPY into a staging table
 * of the import's one transaction; there the ledger drops what an earlier import counted, and one
 * set-based statement (the live writer's own, {@code PlaybackMapper.writePlays}) builds the plays and
 * every rollup. Either all of an import is counted or none of it: an import interrupted by a stop,
 * a crash or a database outage is rolled back by PostgreSQL and can simply be run again.
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class HistoryImporter implements AnalyticsImporter {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryImporter.class);
    /** Progress is told every so many rows. */
    static final long PROGRESS_EVERY = 50_000;
    private static final String COPY_STATEMENT = ImportMapper.class.getName() + ".copyStaging";
    /** What the list says of an import that was stopped before it committed. */
    static final String INTERRUPTED = "interrupted before it committed (the importing process stopped, or lost the database);"
            + " nothing of it was counted, and it can be run again";

    private final AnalyticsStore store;
    private final Clock clock;
    private volatile Settings settings;

    @Activate
    public HistoryImporter(@Reference AnalyticsStore store, AnalyticsConfiguration config) {
        this(store, Settings.from(config), Clock.systemUTC());
    }

    /** For use outside a framework (tests, the benchmark). */
    public HistoryImporter(AnalyticsStore store, Settings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        Settings.ofChange(config).ifPresent(changed -> settings = changed);
    }

    @Override
    public ImportReport importHistory(ImportRequest request, ImportProgress progress) {
        Arguments.required("request", request);
        Arguments.required("request.source", request.source());
        Arguments.required("request.file", request.file());
        Arguments.required("progress", progress);
        if (!Files.isRegularFile(request.file()) || !Files.isReadable(request.file())) {
            throw new InvalidInputException("request.file", "is not a readable file: " + request.file().getFileName());
        }
        if (request.mapFile() != null && (!Files.isRegularFile(request.mapFile()) || !Files.isReadable(request.mapFile()))) {
            throw new InvalidInputException("request.mapFile", "is not a readable file: " + request.mapFile().getFileName());
        }
        String fileName = fileName(request);
        Settings current = settings;
        Instant started = clock.instant();
        Counting counting = new Counting(progress);
        try {
            SourceIds ids = request.mapFile() == null ? SourceIds.unmapped(request.source())
                    : SourceIds.mapped(request.source(), request.mapFile());
            SourceReader reader = reader(request.source(), request.zone() == null ? current.zone() : request.zone());
            ImportRules rules = new ImportRules(current.rules(), current.zone(), current.retention().rawDays(), started);
            LOG.info("Importing {} history from {}{}", request.source().wireName(), fileName, request.dryRun() ? " (dry run)" : "");
            ImportReport report = store.transaction("import " + request.source().wireName() + " history from " + fileName,
                    session -> run(session, request, fileName, reader, ids, rules, current.zone(), counting, started));
            LOG.info("Import {}: {}", report.id() == 0 ? "(dry run)" : "#" + report.id(), report.line());
            return report;
        } catch (InvalidInputException | StorageUnavailableException | UncheckedIOException | IOException e) {
            String why = e instanceof UncheckedIOException unchecked ? Failures.rootMessage(unchecked.getCause())
                    : e instanceof IOException ? Failures.rootMessage(e) : e.getMessage();
            recordFailure(request, fileName, started, counting, why);
            if (e instanceof InvalidInputException || e instanceof StorageUnavailableException) {
                throw (RuntimeException) e;
            }
            throw new InvalidInputException("request.file", "cannot be read: " + why);
        }
    }

    private ImportReport run(SqlSession session, ImportRequest request, String fileName, SourceReader reader, SourceIds ids,
            ImportRules rules, ZoneId zone, Counting counting, Instant started) {
        ImportMapper imports = session.getMapper(ImportMapper.class);
        try {
            imports.lockImports();
            if (!request.dryRun()) {
                counting.runId = listRun(request, fileName, started);
            }
            imports.createStaging();
            String copy = session.getConfiguration().getMappedStatement(COPY_STATEMENT).getBoundSql(null).getSql();
            PGConnection connection = session.getConnection().unwrap(PGConnection.class);
            Phases phases = new Phases();
            try (StagingCopy staging = new StagingCopy(new BufferedOutputStream(new PGCopyOutputStream(connection, copy), 1 << 16))) {
                reader.read(request.file(), counting.into(staging, ids, rules));
            }
            phases.done("read and stage");
            counting.progress.progress("counting plays and rollups", counting.rows);
            long already = imports.dropAlreadyImported();
            long id = counting.runId;
            imports.recordViewings(id);
            long duplicates = imports.dropDuplicates();
            phases.done("ledger and duplicates");
            imports.analyzeStaging();
            ImportTotals totals = imports.totals();
            build(session, imports, zone.getId(), phases);
            LOG.info("Import phases: {}", phases);
            Map<String, Long> skipped = counting.skippedWith(duplicates, already);
            ImportReport report = new ImportReport(request.dryRun() ? 0 : id, request.source(), fileName, started,
                    clock.instant(), request.dryRun() ? "dry-run" : "completed", counting.rows, totals.plays(),
                    totals.completedPlays(), totals.watchTimeSec(), skipped, null);
            if (request.dryRun()) {
                // everything was counted exactly as it would be, and none of it is kept
                session.rollback(true);
            } else {
                imports.finishRun(id, report, already, report.skippedTotal(), report.line());
            }
            return report;
        } catch (IOException e) {
            session.rollback(true);
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            session.rollback(true);
            throw new StorageUnavailableException("Cannot import " + fileName + ": the analytics database failed ("
                    + Failures.rootMessage(e) + ")", e);
        } catch (RuntimeException e) {
            session.rollback(true);
            throw e;
        }
    }

    /**
     * Counts the staged plays into playback_events and the rollups, with the rules of the live
     * writer ({@code PlaybackMapper.writePlays}). The writers wait while it runs, so the rollup rows
     * it looks for cannot appear under it: the plays the host already stores go through the live
     * writer's statement (it moves a stored play forward), and all the others, new plays every one,
     * through one GROUP BY per rollup, inserted plainly where the rollup has no row yet. The live
     * writer gives the same result for any split of plays into batches, so the two parts together
     * count what one statement over all of them would.
     */
    private static void build(SqlSession session, ImportMapper imports, String zone, Phases phases) {
        PlaybackMapper plays = session.getMapper(PlaybackMapper.class);
        String lockWait = plays.lockWait();
        plays.setLockWait(PlaybackMapper.DDL_LOCK_WAIT);
        imports.ensureRawPartitions();
        plays.setLockWait(lockWait);
        phases.done("partitions");
        // playback_events before the rollups, as a live writer takes them, so the two cannot deadlock
        imports.holdPlays();
        session.getMapper(RollupMapper.class).lockRollups();
        imports.addClientTypes();
        if (imports.markStoredPlays() > 0) {
            imports.buildStoredPlays(zone);
            imports.dropStoredPlays();
        }
        phases.done("stored plays");
        imports.createMediaDays();
        imports.sumMediaDays(zone);
        imports.analyzeMediaDays();
        phases.done("item days");
        imports.createPairs();
        imports.sumPairs(zone);
        imports.analyzePairs();
        phases.done("pairs");
        imports.addMediaDays();
        session.getMapper(MediaYearMapper.class).addImported();
        phases.done("add item days");
        imports.addLibraryDays();
        phases.done("library days");
        imports.addPeriods();
        phases.done("periods");
        imports.addUserDays(zone);
        phases.done("user days");
        imports.addBreakdowns(zone);
        session.getMapper(ServerYearMapper.class).recountImported();
        session.getMapper(PlayMethodMapper.class).addImported(zone);
        session.getMapper(PeakStreamsMapper.class).dropImported(zone);
        phases.done("breakdowns");
        imports.addUserClients(zone);
        imports.addUsers();
        phases.done("users");
        imports.addMediaUsers();
        phases.done("item users");
        imports.addPlays(zone);
        session.getMapper(UserItemMapper.class).addImported(zone);
        session.getMapper(YearMapper.class).addImported(zone);
        phases.done("raw plays");
    }

    /**
     * Lists the import as running, in a transaction of its own that commits at once, so that the
     * list keeps it if the import never ends (a kill, a crash). Called holding the imports' lock:
     * any other import listed as running then is one that was stopped, and is marked so.
     *
     * @return the import's number
     */
    private long listRun(ImportRequest request, String fileName, Instant started) {
        return store.write("list the import", ImportMapper.class, imports -> {
            imports.closeInterruptedRuns(clock.instant(), INTERRUPTED);
            Map<String, Object> run = new HashMap<>();
            run.put("source", request.source().wireName());
            run.put("fileName", fileName);
            run.put("startedAt", started);
            imports.addRun(run);
            return ((Number) run.get("id")).longValue();
        });
    }

    private void recordFailure(ImportRequest request, String fileName, Instant started, Counting counting, String why) {
        if (request.dryRun()) {
            return;
        }
        String line = "import of " + fileName + " failed: " + why;
        LOG.warn("Import of {} history from {} failed, and nothing of it was kept: {}", request.source().wireName(), fileName, why);
        try {
            store.write("record the failed import", ImportMapper.class, imports -> {
                if (counting.runId > 0) {
                    imports.failRun(counting.runId, clock.instant(), counting.rows, line);
                } else {
                    imports.recordFailure(request.source().wireName(), fileName, started, clock.instant(), counting.rows, line);
                }
                return null;
            });
        } catch (StorageUnavailableException e) {
            LOG.warn("The failed import could not be listed either: {}", e.getMessage());
        }
    }

    @Override
    public List<ImportReport> getImports(int limit) {
        int capped = Arguments.limit(limit);
        store.write("close the interrupted imports", ImportMapper.class,
                imports -> imports.noImportRunning() ? imports.closeInterruptedRuns(clock.instant(), INTERRUPTED) : 0);
        return store.read("list the imports", ImportMapper.class, imports -> imports.imports(capped)).stream()
                .map(ImportMapper.ImportRunRow::toReport).toList();
    }

    private static SourceReader reader(ImportSource source, ZoneId zone) {
        return switch (source) {
            case TAUTULLI -> new TautulliReader();
            case JELLYSTAT -> new JellystatReader();
            case PLAYBACK_REPORTING -> new PlaybackReportingReader(zone);
            case REVENGE -> new RevengeExportReader();
        };
    }

    /** The name shown for the file: the request's, else the file's own; never a directory. */
    private static String fileName(ImportRequest request) {
        String name = request.fileName() == null || request.fileName().isBlank() ? request.file().getFileName().toString()
                : request.fileName().strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    /** Counts rows and skips, judges viewings and stages the plays. */
    private static final class Counting {
        final ImportProgress progress;
        final Map<String, Long> skipped = new TreeMap<>();
        long rows;
        /** The import's number in the list, once it is listed. */
        long runId;

        Counting(ImportProgress progress) {
            this.progress = progress;
        }

        ViewingSink into(StagingCopy staging, SourceIds ids, ImportRules rules) {
            return new ViewingSink() {
                @Override
                public void row() {
                    rows++;
                    if (rows % PROGRESS_EVERY == 0) {
                        progress.progress("reading", rows);
                    }
                }

                @Override
                public void viewing(Viewing viewing) throws IOException {
                    ImportRules.Verdict verdict = rules.judge(viewing);
                    if (verdict.skipReason() != null) {
                        skipped(verdict.skipReason());
                        return;
                    }
                    staging.play(ids.viewingKey(viewing.key()), viewing.startedAt(),
                            ids.id(SourceIds.Kind.USER, viewing.userId()), ids.id(SourceIds.Kind.MEDIA, viewing.mediaId()),
                            ids.id(SourceIds.Kind.LIBRARY, viewing.libraryId()), verdict.durationSec(), verdict.endedSec(),
                            MediaTypeHandler.code(viewing.mediaType()), verdict.completed(), clientType(viewing.clientType()),
                            verdict.keepRaw());
                }

                @Override
                public void skipped(String reason) {
                    skipped.merge(reason, 1L, Long::sum);
                }
            };
        }

        Map<String, Long> skippedWith(long duplicates, long already) {
            Map<String, Long> all = new TreeMap<>(skipped);
            if (duplicates > 0) {
                all.merge(SkipReasons.DUPLICATE, duplicates, Long::sum);
            }
            if (already > 0) {
                all.merge(ImportReport.ALREADY_IMPORTED, already, Long::sum);
            }
            return new LinkedHashMap<>(all);
        }
    }

    /** How long each phase of an import took, for the log. */
    private static final class Phases {
        private final StringBuilder done = new StringBuilder();
        private long since = System.nanoTime();

        void done(String phase) {
            long now = System.nanoTime();
            done.append(done.isEmpty() ? "" : ", ").append(phase).append(' ').append((now - since) / 1_000_000).append(" ms");
            since = now;
        }

        @Override
        public String toString() {
            return done.toString();
        }
    }

    /** A client name as the live path keeps it: trimmed, at most 50 characters, no control characters. */
    private static String clientType(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String trimmed = name.strip().replaceAll("\\p{Cntrl}", " ");
        return trimmed.length() > 50 ? trimmed.substring(0, 50) : trimmed;
    }
}
