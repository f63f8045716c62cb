package org.revenge.analytics.internal.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.names.HostNames;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.export.PlayFormat;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.service.LocalAnalyticsService;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.StorageUnavailableException;

/**
 * Each source imported from a file its generator wrote with the peer's own schema, against a real
 * PostgreSQL: known answers (plays, completed, watched seconds, per-library plays, skipped by
 * reason), the report line, idempotency, dry runs, an import interrupted by a lost connection, the
 * privacy of what is stored, and the queries over the imported years answered from the rollups.
 */
class HistoryImportTest {

    static final ZoneId ZONE = ZoneOffset.UTC;
    static final Instant NOW = Instant.parse("2026-10-28T15:30:00Z");
    /** Within the 90-day raw retention: kept raw and in the rollups. */
    static final Instant RECENT = Instant.parse("2026-10-20T20:00:00Z");
    /** Two years back: only the daily and all-time rollups. */
    static final Instant OLD = Instant.parse("2024-06-15T19:00:00Z");

    @TempDir
    Path dir;
    DataSource database;
    AnalyticsStore store;
    Settings settings;
    HistoryImporter importer;
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void database() throws Exception {
        database = Databases.migrated("import");
        store = AnalyticsStore.over(database);
        settings = Settings.from(TestConfigs.analytics(Map.of("timezone", ZONE.getId())));
        importer = new HistoryImporter(store, settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    ImportReport importFile(ImportSource source, Path file, Path map, ZoneId zone, boolean dryRun) {
        return importer.importHistory(new ImportRequest(source, file, null, map, zone, dryRun),
                (phase, rows) -> progress.add(phase + " " + rows));
    }

    long count(String sql) throws SQLException {
        return Databases.count(database, sql);
    }

    static Map<String, Long> reasons(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return map;
    }

    /** Every row of every table of the database as text, to look for what must never be stored. */
    String everythingStored() throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String table : Databases.rows(database, """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition""")) {
            for (String row : Databases.rows(database, "SELECT t::text FROM \"" + table + "\" t")) {
                all.append(table).append(": ").append(row).append('\n');
            }
        }
        return all.toString();
    }

    /** The oracle of QueryEqualityTest's kind: the writer's rollups of a day against the raw plays of that day. */
    int rollupRowsDifferingFromRaw(LocalDate day) {
        Instant from = day.atStartOfDay(ZONE).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZONE).toInstant();
        return store.transaction("check a day", session -> {
            RollupMapper rollups = session.getMapper(RollupMapper.class);
            RollupMapper.ItemsAndHours differing = rollups.checkItemsAndHours(day, from, to, ZONE.getId());
            session.rollback(true);
            return differing.items() + differing.hours() + differing.methods();
        });
    }

    @Nested
    class Tautulli {

        static final long DAY = 86_400;
        Path file;
        final long recent = RECENT.getEpochSecond();
        final long old = OLD.getEpochSecond();

        @BeforeEach
        void fixture() throws Exception {
            file = dir.resolve("tautulli.db");
            try (TautulliFixture db = new TautulliFixture(file)) {
                db.user(101, "alice_private", "alice@example.org");
                db.user(102, "bob_private", "bob@example.org");
                db.library(1, "Movies", "movie");
                db.library(2, "TV Shows", "show");
                db.library(3, "Music", "artist");
                db.library(4, "Photos", "photo");
                // a movie watched for 3000 s (600 s paused), stopped at 90 % of 100 min: completed
                db.row(1, recent, recent + 3600, 5001, 101, "alice_private", 600, "movie", 5_400_000, 1, 6_000_000,
                        "203.0.113.7", "machine-aaaa-1111", "Alice's iPhone");
                // an episode paused and resumed two years ago: one viewing of 600 + 1140 s at 96 %
                db.row(2, old, old + 600, 6001, 102, "bob_private", 0, "episode", 600_000, 2, 2_600_000,
                        "198.51.100.23", "machine-bbbb-2222", "Bob's Shield");
                db.row(2, old + 1200, old + 2400, 6001, 102, "bob_private", 60, "episode", 2_500_000, 2, 2_600_000,
                        "198.51.100.23", "machine-bbbb-2222", "Bob's Shield");
                // a track skipped after 10 s: no play
                db.row(4, recent + 7200, recent + 7210, 7001, 101, "alice_private", 0, "track", 10_000, 3, 240_000,
                        "203.0.113.7", "machine-aaaa-1111", "Alice's iPhone");
                // a track of 200 s of 240, two years ago: a play, not completed
                db.row(5, old + DAY, old + DAY + 200, 7002, 102, "bob_private", 0, "track", 200_000, 3, 240_000,
                        "198.51.100.23", "machine-bbbb-2222", "Bob's Shield");
                db.row(6, recent, recent + 300, 8001, 101, "alice_private", 0, "photo", 0, 4, 0,
                        "203.0.113.7", "machine-aaaa-1111", "Alice's iPhone");
                db.row(7, recent + 500, recent + 100, 5003, 101, "alice_private", 0, "movie", 0, 1, 6_000_000,
                        "203.0.113.7", "machine-aaaa-1111", "Alice's iPhone");
                db.row(8, recent - 2 * DAY, recent, 5004, 102, "bob_private", 0, "movie", 0, 1, 6_000_000,
                        "198.51.100.23", "machine-bbbb-2222", "Bob's Shield");
                db.row(9, recent + 9000, recent + 9030, 5002, 101, "alice_private", 0, "movie", 30_000, 1, 6_000_000,
                        "203.0.113.7", "machine-aaaa-1111", "Alice's iPhone");
            }
        }

        @Test
        void knownAnswers() throws Exception {
            ImportReport report = importFile(ImportSource.TAUTULLI, file, null, null, false);

            assertThat(report.line()).isEqualTo("imported 3 plays (2 completed, 4940 s watched) from 9 rows of tautulli.db;"
                    + " 5 skipped (below-minimum=2, ends-before-start=1, longer-than-24h=1, other-media-type=1)");
            assertThat(report.skipped()).isEqualTo(reasons("below-minimum", 2, "ends-before-start", 1, "longer-than-24h", 1,
                    "other-media-type", 1));
            UUID movies = UUID.nameUUIDFromBytes("revenge-analytics-import:tautulli:library:1".getBytes(StandardCharsets.UTF_8));
            UUID shows = UUID.nameUUIDFromBytes("revenge-analytics-import:tautulli:library:2".getBytes(StandardCharsets.UTF_8));
            UUID music = UUID.nameUUIDFromBytes("revenge-analytics-import:tautulli:library:3".getBytes(StandardCharsets.UTF_8));
            // per library, from the all-time rollup of each library's days
            assertThat(Databases.rows(database, "SELECT library_id, sum(play_count), sum(completed_count), sum(watch_time_sec)"
                    + " FROM library_activity_daily GROUP BY library_id ORDER BY 2, 4"))
                    .containsExactlyInAnyOrder(movies + " | 1 | 1 | 3000", shows + " | 1 | 1 | 1740", music + " | 1 | 0 | 200");
            // only the recent play is raw; the old ones live in the daily rollups
            assertThat(Databases.rows(database, "SELECT library_id, duration_sec, ended_sec, completed, started_at = to_timestamp("
                    + recent + ") FROM playback_events")).containsExactly(movies + " | 3000 | 3600 | t | t");
            assertThat(count("SELECT sum(play_count) FROM media_stats_daily")).isEqualTo(3);
            assertThat(count("SELECT sum(play_count) FROM user_activity_daily")).isEqualTo(3);
            assertThat(count("SELECT sum(play_count) FROM play_breakdown_daily")).isEqualTo(3);
            assertThat(count("SELECT count(*) FROM user_recency")).isEqualTo(2);
            // the ledger holds the viewings counted; the skipped ones are judged again by a later import
            assertThat(count("SELECT count(*) FROM imported_viewing")).isEqualTo(3);
            assertThat(importer.getImports(10)).singleElement().satisfies(listed -> {
                assertThat(listed.line()).isEqualTo(report.line());
                assertThat(listed.skipped()).isEqualTo(report.skipped());
                assertThat(listed.state()).isEqualTo("completed");
            });
            assertThat(rollupRowsDifferingFromRaw(LocalDate.ofInstant(RECENT, ZONE))).isZero();
        }

        @Test
        void aSecondImportCountsNothingAgainAndSaysSo() throws Exception {
            importFile(ImportSource.TAUTULLI, file, null, null, false);
            String before = everythingStored().replaceAll("import_run: .*\\n", "");

            ImportReport again = importFile(ImportSource.TAUTULLI, file, null, null, false);

            assertThat(again.line()).isEqualTo("imported 0 plays (0 completed, 0 s watched) from 9 rows of tautulli.db;"
                    + " 8 skipped (already-imported=3, below-minimum=2, ends-before-start=1, longer-than-24h=1, other-media-type=1)");
            assertThat(everythingStored().replaceAll("import_run: .*\\n", "")).isEqualTo(before);
            assertThat(importer.getImports(10)).hasSize(2);
        }

        @Test
        void aDryRunReportsTheSameAndWritesNothing() throws Exception {
            String before = everythingStored();

            ImportReport dry = importFile(ImportSource.TAUTULLI, file, null, null, true);

            assertThat(dry.line()).isEqualTo("imported 3 plays (2 completed, 4940 s watched) from 9 rows of tautulli.db;"
                    + " 5 skipped (below-minimum=2, ends-before-start=1, longer-than-24h=1, other-media-type=1)");
            assertThat(dry.state()).isEqualTo("dry-run");
            assertThat(everythingStored()).isEqualTo(before);
        }

        @Test
        void theMappingFileDecidesTheIds() throws Exception {
            UUID alice = UUID.fromString("0f000000-0000-4000-8000-00000000a11c");
            UUID movies = UUID.fromString("0f000000-0000-4000-8000-0000000000f1");
            Path map = dir.resolve("map.csv");
            Files.writeString(map, "# kind,source_id,uuid\nuser,101," + alice + "\nlibrary,1," + movies + "\n");

            importFile(ImportSource.TAUTULLI, file, map, null, false);

            assertThat(Databases.rows(database, "SELECT user_id, library_id FROM playback_events"))
                    .containsExactly(alice + " | " + movies);
        }

        @Test
        void aBadMappingLineIsNamed() throws Exception {
            Path map = dir.resolve("map.csv");
            Files.writeString(map, "user,101,not-a-uuid\n");

            assertThatThrownBy(() -> importFile(ImportSource.TAUTULLI, file, map, null, false))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("map file line 1").hasMessageContaining("not-a-uuid");
            assertThat(count("SELECT count(*) FROM media_stats_daily")).isZero();
        }

        @Test
        void nothingPrivateOfTheFileIsStored() throws Exception {
            importFile(ImportSource.TAUTULLI, file, null, null, false);

            assertThat(everythingStored()).doesNotContain("alice_private", "bob_private", "alice@example.org", "bob@example.org",
                    "203.0.113.7", "198.51.100.23", "machine-aaaa-1111", "machine-bbbb-2222", "Alice's iPhone", "Bob's Shield",
                    "Title 5001", "plex://");
        }

        @Test
        void anImportCutOffByTheDatabaseLeavesNothingCountedAndCanRunAgain() throws Exception {
            // the importing connection is killed between its COPY and its build, as an outage would
            assertThatThrownBy(() -> importer.importHistory(new ImportRequest(ImportSource.TAUTULLI, file, null, null, null, false),
                    (phase, rows) -> {
                        if (phase.startsWith("counting")) {
                            try {
                                Databases.execute(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                                        + " AND state = 'idle in transaction'");
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    })).isInstanceOf(StorageUnavailableException.class);

            assertThat(count("SELECT count(*) FROM imported_viewing")).isZero();
            assertThat(count("SELECT count(*) FROM media_stats_daily")).isZero();
            assertThat(count("SELECT count(*) FROM playback_events")).isZero();
            assertThat(importer.getImports(10)).singleElement().satisfies(failed -> assertThat(failed.state()).isEqualTo("failed"));

            ImportReport retried = importFile(ImportSource.TAUTULLI, file, null, null, false);
            assertThat(retried.plays()).isEqualTo(3);
            assertThat(count("SELECT sum(play_count) FROM media_stats_daily")).isEqualTo(3);
        }

        @Test
        void theImportedYearsAreAnsweredFromTheRollups() throws Exception {
            importFile(ImportSource.TAUTULLI, file, null, null, false);
            IngestPipeline pipeline = new IngestPipeline(settings, Files.createDirectories(dir.resolve("journal")), Clock.fixed(NOW, ZoneOffset.UTC));
            pipeline.bindStore(store);
            LocalAnalyticsService service = new LocalAnalyticsService(store, pipeline, settings, Clock.fixed(NOW, ZoneOffset.UTC));

            List<DailyActivity> days = service.getPlaysByDay(Duration.ofDays(400));
            assertThat(days.stream().filter(d -> d.plays() > 0).map(d -> d.date() + " " + d.plays() + " " + d.watchTimeSec()))
                    .containsExactly("2026-10-20 1 3000");
            UUID music = UUID.nameUUIDFromBytes("revenge-analytics-import:tautulli:library:3".getBytes(StandardCharsets.UTF_8));
            assertThat(service.getMostWatched(music, Duration.ofDays(900), 10).items()).singleElement()
                    .satisfies(item -> assertThat(item.lastPlayedAt()).isEqualTo(OLD.plusSeconds(DAY)));
            UUID shows = UUID.nameUUIDFromBytes("revenge-analytics-import:tautulli:library:2".getBytes(StandardCharsets.UTF_8));
            assertThat(service.getMostWatched(shows, Duration.ofDays(900), 10).items()).singleElement()
                    .satisfies(item -> {
                        assertThat(item.plays()).isEqualTo(1);
                        assertThat(item.completedPlays()).isEqualTo(1);
                        assertThat(item.watchTimeSec()).isEqualTo(1740);
                        assertThat(item.mediaType()).isEqualTo(MediaType.EPISODE);
                    });
        }
    }

    @Nested
    class Jellystat {

        static final String ALICE = "8a0b1c2d3e4f40718293a4b5c6d7e8f9";
        static final String BOB = "1f2e3d4c5b6a40798897a6b5c4d3e2f1";
        static final String MOVIES = "aaaa0000000000000000000000000001";
        static final String TV = "aaaa0000000000000000000000000002";
        static final String MUSIC = "aaaa0000000000000000000000000003";
        Path file;

        @BeforeEach
        void fixture() throws Exception {
            JellystatFixture backup = new JellystatFixture();
            backup.item("m1", "Movie One", "Movie", MOVIES, 7200, "/media/movies/one.mkv");
            backup.item("m2", "Movie Two", "Movie", MOVIES, 5400, "/media/movies/two.mkv");
            backup.item("s1", "A Series", "Series", TV, 0, "/media/tv/series");
            backup.episode("e1", "s1", "Pilot", 1500, "/media/tv/series/s01e01.mkv");
            backup.item("a1", "A Song", "Audio", MUSIC, 200, "/media/music/song.flac");
            backup.item("c1", "A Channel", "TvChannel", null, 0, null);
            Instant recentEnd = RECENT.plusSeconds(3600);
            backup.activity("1", ALICE, "alice_private", "m1", null, "Jellyfin Web", "Alice's Laptop", "dev-alice-0001",
                    "203.0.113.7", 3600, recentEnd, 7000);
            backup.activity("2", BOB, "bob_private", "s1", "e1", "Jellyfin Android", "Bob's Phone", "dev-bob-0002",
                    "198.51.100.23", 1400, OLD.plusSeconds(1400), 1450);
            backup.activity("3", ALICE, "alice_private", "a1", null, "Finamp", "Alice's Laptop", "dev-alice-0001",
                    "203.0.113.7", 10, RECENT.plusSeconds(8000), 10);
            backup.activity("4", BOB, "bob_private", "m1", null, "Jellyfin Web", "Bob's Phone", "dev-bob-0002",
                    "198.51.100.23", 90_000, RECENT, 100);
            backup.activity("5", BOB, "bob_private", "c1", null, "Jellyfin Web", "Bob's Phone", "dev-bob-0002",
                    "198.51.100.23", 3000, RECENT, -1);
            backup.activity("6", ALICE, "alice_private", "m2", null, "Jellyfin Web", "Alice's Laptop", "dev-alice-0001",
                    "203.0.113.7", 2000, RECENT.plusSeconds(20_000), -1);
            file = dir.resolve("backup_jellystat.json");
            backup.write(file);
        }

        @Test
        void knownAnswers() throws Exception {
            ImportReport report = importFile(ImportSource.JELLYSTAT, file, null, null, false);

            assertThat(report.line()).isEqualTo("imported 3 plays (2 completed, 7000 s watched) from 6 rows of backup_jellystat.json;"
                    + " 3 skipped (below-minimum=1, longer-than-24h=1, other-media-type=1)");
            // Jellyfin's GUIDs are the host's ids as they are
            assertThat(Databases.rows(database, "SELECT library_id, sum(play_count), sum(completed_count), sum(watch_time_sec)"
                    + " FROM library_activity_daily GROUP BY library_id")).containsExactlyInAnyOrder(
                    uuid(MOVIES) + " | 2 | 1 | 5600", uuid(TV) + " | 1 | 1 | 1400");
            assertThat(Databases.rows(database, "SELECT user_id, started_at = '" + RECENT + "'::timestamptz, completed"
                    + " FROM playback_events ORDER BY started_at")).containsExactly(uuid(ALICE) + " | t | t", uuid(ALICE) + " | f | f");
            assertThat(count("SELECT count(*) FROM client_types WHERE name = 'Jellyfin Android'")).isEqualTo(1);
            assertThat(rollupRowsDifferingFromRaw(LocalDate.ofInstant(RECENT, ZONE))).isZero();
        }

        @Test
        void idempotentAndPrivate() throws Exception {
            importFile(ImportSource.JELLYSTAT, file, null, null, false);
            ImportReport again = importFile(ImportSource.JELLYSTAT, file, null, null, false);

            assertThat(again.plays()).isZero();
            assertThat(again.skipped()).containsEntry("already-imported", 3L);
            assertThat(count("SELECT sum(play_count) FROM media_stats_daily")).isEqualTo(3);
            assertThat(everythingStored()).doesNotContain("alice_private", "bob_private", "203.0.113.7", "198.51.100.23",
                    "dev-alice-0001", "dev-bob-0002", "Alice's Laptop", "Bob's Phone", "/media/", "Movie One");
        }

        @Test
        void aFileThatIsNoBackupIsRefusedByName() throws Exception {
            Path notJson = dir.resolve("notes.json");
            Files.writeString(notJson, "{\"hello\": 1}");

            assertThatThrownBy(() -> importFile(ImportSource.JELLYSTAT, notJson, null, null, false))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("Jellystat backup");
        }
    }

    @Nested
    class PlaybackReporting {

        static final String ALICE = "8a0b1c2d3e4f40718293a4b5c6d7e8f9";
        static final ZoneId SERVER = ZoneId.of("America/New_York");
        final PlaybackReportingFixture fixture = new PlaybackReportingFixture();

        @BeforeEach
        void rows() {
            fixture.row("2026-10-20 16:00:00.1234567", ALICE, "bbbb0000000000000000000000000001", "Movie", "Movie One",
                    "DirectPlay", "Jellyfin Web", "Alice's Laptop", 3000);
            fixture.row("2024-06-15 15:00:00", ALICE, "bbbb0000000000000000000000000002", "Episode", "Pilot",
                    "Transcode", "Jellyfin Android", "Alice's Phone", 1200);
            fixture.row("2026-10-21 09:00:00", ALICE, "bbbb0000000000000000000000000003", "Audio", "Song",
                    "DirectPlay", "Finamp", "Alice's Phone", 10);
            fixture.row("2026-10-21 10:00:00", ALICE, "bbbb0000000000000000000000000004", "TvChannel", "News",
                    "DirectStream", "Jellyfin Web", "Alice's Laptop", 600);
            fixture.row("2026-10-21 11:00:00", ALICE, "bbbb0000000000000000000000000005", "Audio", "Other Song",
                    "DirectPlay", "Finamp", "Alice's Phone", 240);
            fixture.row("2026-10-22 11:00:00", ALICE, "bbbb0000000000000000000000000006", "Episode", "Marathon",
                    "DirectPlay", "Jellyfin Web", "Alice's Laptop", 100_000);
        }

        void assertKnownAnswers(ImportReport report, String name) throws SQLException {
            assertThat(report.line()).isEqualTo("imported 3 plays (0 completed, 4440 s watched) from 6 rows of " + name
                    + "; 3 skipped (below-minimum=1, longer-than-24h=1, other-media-type=1)");
            // the local start read in the server's zone (EDT, UTC-4)
            assertThat(Databases.rows(database, "SELECT started_at AT TIME ZONE 'UTC', duration_sec, completed FROM playback_events"
                    + " ORDER BY started_at")).containsExactly("2026-10-20 20:00:00.123456 | 3000 | f", "2026-10-21 15:00:00 | 240 | f");
            assertThat(count("SELECT count(DISTINCT library_id) FROM library_activity_daily")).isEqualTo(3);
            assertThat(everythingStored()).doesNotContain("Alice's Laptop", "Alice's Phone", "Movie One");
        }

        @Test
        void fromTheDatabase() throws Exception {
            Path file = dir.resolve("playback_reporting.db");
            fixture.writeDatabase(file);

            assertKnownAnswers(importFile(ImportSource.PLAYBACK_REPORTING, file, null, SERVER, false), "playback_reporting.db");
            assertThat(importFile(ImportSource.PLAYBACK_REPORTING, file, null, SERVER, false).skipped())
                    .containsEntry("already-imported", 3L);
        }

        @Test
        void fromTheBackupTheSameAndOnlyOnce() throws Exception {
            Path db = dir.resolve("playback_reporting.db");
            fixture.writeDatabase(db);
            Path tsv = dir.resolve("PlaybackActivity.tsv");
            fixture.writeBackup(tsv);

            assertKnownAnswers(importFile(ImportSource.PLAYBACK_REPORTING, tsv, null, SERVER, false), "PlaybackActivity.tsv");
            // the database holds the same viewings as its backup
            ImportReport fromDb = importFile(ImportSource.PLAYBACK_REPORTING, db, null, SERVER, false);
            assertThat(fromDb.plays()).isZero();
            assertThat(fromDb.skipped()).containsEntry("already-imported", 3L);
        }

        @Test
        void aLineWithTheWrongColumnsIsNamed() throws Exception {
            Path tsv = dir.resolve("broken.tsv");
            Files.writeString(tsv, "2026-10-20 16:00:00\tx\ty\n");

            assertThatThrownBy(() -> importFile(ImportSource.PLAYBACK_REPORTING, tsv, null, SERVER, false))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("file line 1").hasMessageContaining("9");
        }

        @Test
        void localTimesOfDotNet() {
            assertThat(PlaybackReportingReader.localTime("2024-03-01 20:15:30.1234567"))
                    .isEqualTo(LocalDateTime.of(2024, 3, 1, 20, 15, 30, 123_456_700));
            assertThat(PlaybackReportingReader.localTime("yesterday")).isNull();
        }
    }

    @Nested
    class Revenge {

        @Test
        void anotherInstallationsExportComesInAsItWent() throws Exception {
            UUID user = new UUID(5, 1);
            UUID library = new UUID(6, 1);
            Instant recent = RECENT.plus(123_456, ChronoUnit.MICROS);
            List<PlayRecord> plays = List.of(
                    new PlayRecord(user, recent, recent.plusSeconds(4000), new UUID(7, 1), library, MediaType.MOVIE, "web", 3900, true),
                    new PlayRecord(user, OLD, OLD.plusSeconds(500), new UUID(7, 2), library, MediaType.EPISODE, "android", 450, false),
                    new PlayRecord(user, OLD.plusSeconds(3600), OLD.plusSeconds(3610), new UUID(7, 3), library, MediaType.TRACK, null, 10, false));
            StringWriter text = new StringWriter();
            PlayFormat export = PlayFormat.of(ExportFormat.JSON, text, HostNames.none());
            export.begin();
            for (PlayRecord play : plays) {
                export.play(play);
            }
            export.end();
            Path file = dir.resolve("plays.json");
            Files.writeString(file, text.toString());

            ImportReport report = importFile(ImportSource.REVENGE, file, null, null, false);

            assertThat(report.line()).isEqualTo("imported 2 plays (1 completed, 4350 s watched) from 3 rows of plays.json;"
                    + " 1 skipped (below-minimum=1)");
            assertThat(Databases.rows(database, "SELECT user_id, media_id, library_id, started_at = '" + recent
                    + "'::timestamptz, duration_sec, completed FROM playback_events"))
                    .containsExactly(user + " | " + new UUID(7, 1) + " | " + library + " | t | 3900 | t");
            assertThat(count("SELECT sum(play_count) FROM media_stats_daily WHERE library_id = '" + library + "'")).isEqualTo(2);
            assertThat(importFile(ImportSource.REVENGE, file, null, null, false).plays()).isZero();
        }
    }

    static UUID uuid(String hex) {
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

}
