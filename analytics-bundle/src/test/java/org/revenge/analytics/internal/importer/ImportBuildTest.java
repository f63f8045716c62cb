package org.revenge.analytics.internal.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.export.PlayFormat;
import org.revenge.analytics.internal.names.HostNames;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.PlaybackEvent;

/**
 * The import's own set-based build against the live writer's statement, over a database that
 * already holds plays: the same days and items (rollup rows to add to), plays the host already
 * stores (the same user and start: moved forward, or repeated), users who played an item on a later
 * day than the imported play (its unique items looked up in the stored plays), and ranking periods
 * that hold the days. One database imports the plays; the other stores the same plays through the
 * live writer. Every rollup and every raw play must be the same in both.
 */
class ImportBuildTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final Instant NOW = Instant.parse("2026-10-28T15:30:00Z");
    static final String[] CLIENTS = {"web", "android", "tv", null};

    @TempDir
    Path dir;

    @Test
    void theImportCountsExactlyWhatTheLiveWriterCountsForTheSamePlays() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        Set<String> starts = new HashSet<>();
        List<PlaybackEvent> stored = plays(random, 200, starts);
        List<PlaybackEvent> imported = new ArrayList<>(plays(random, 200, starts));
        // plays the host already has: one watched longer and completed, one repeated as it is, one
        // under another item (a stored play keeps its item)
        for (int i = 0; i < 30; i += 3) {
            PlaybackEvent play = stored.get(i);
            imported.add(play(play.userId(), play.mediaId(), play.libraryId(), play.mediaType(), play.startedAt(),
                    play.durationSec() + 200, true, play.clientType()));
            imported.add(stored.get(i + 1));
            PlaybackEvent other = stored.get(i + 2);
            imported.add(play(other.userId(), new UUID(7, 99), other.libraryId(), other.mediaType(), other.startedAt(),
                    other.durationSec(), other.completed(), other.clientType()));
        }

        DataSource viaImport = withHistory("build_import", stored);
        DataSource viaLiveWriter = withHistory("build_live", stored);
        Databases.storePlays(AnalyticsStore.over(viaLiveWriter), imported, ZONE);
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", ZONE.getId(), "retention.raw.days", 0)));
        HistoryImporter importer = new HistoryImporter(AnalyticsStore.over(viaImport), settings, Clock.fixed(NOW, ZoneOffset.UTC));
        ImportReport report = importer.importHistory(new ImportRequest(ImportSource.REVENGE, export(imported), null, null, null,
                false), (phase, rows) -> { });

        assertThat(report.plays()).isEqualTo(imported.size());
        assertThat(count(viaImport, "SELECT count(*) FROM media_stats_period")).isPositive();
        for (String table : TABLES) {
            assertThat(Databases.rows(viaImport, table)).as(table).isEqualTo(Databases.rows(viaLiveWriter, table));
        }
    }

    /**
     * Every rollup the writer keeps, and the raw plays, in a stable order; client types by name (a
     * rolled back transaction leaves a gap in their codes).
     */
    static final List<String> TABLES = List.of(
            "SELECT * FROM media_stats_daily ORDER BY library_id, media_id, day",
            "SELECT * FROM media_stats_yearly ORDER BY year, library_id, media_id",
            "SELECT * FROM server_years ORDER BY year",
            "SELECT * FROM server_year_hours ORDER BY year, hour",
            "SELECT * FROM user_item_daily ORDER BY user_id, media_id, day",
            "SELECT * FROM library_activity_daily ORDER BY library_id, day",
            "SELECT * FROM user_activity_daily ORDER BY user_id, day",
            "SELECT day, hour, c.name, media_type, play_count, completed_count, watch_time_sec FROM play_breakdown_daily"
                    + " LEFT JOIN client_types c ON c.code = client_code ORDER BY day, hour, c.name, media_type",
            "SELECT * FROM media_stats_period ORDER BY library_id, span_days, media_id",
            "SELECT * FROM media_user_recency ORDER BY library_id, media_id, user_id",
            "SELECT * FROM user_recency ORDER BY user_id",
            "SELECT c.name, user_id, last_day FROM user_client_recency LEFT JOIN client_types c ON c.code = client_code"
                    + " ORDER BY c.name, user_id",
            "SELECT started_at, user_id, media_id, library_id, duration_sec, ended_sec, c.name, media_type, completed"
                    + " FROM playback_events LEFT JOIN client_types c ON c.code = client_code ORDER BY user_id, started_at");

    /**
     * A user who keeps their year has their summary counted through yesterday; an import of their
     * plays on those days adds them to it (the later days the aggregation counts from the raw
     * plays). The summary then equals one counted from scratch over the stored and the imported plays.
     */
    @Test
    void anImportAddsToTheKeptYearOnTheDaysAlreadyCounted() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        Set<String> starts = new HashSet<>();
        List<PlaybackEvent> stored = plays(random, 150, starts);
        List<PlaybackEvent> imported = plays(random, 150, starts);
        UUID keeper = new UUID(5, 1);
        LocalDate yesterday = LocalDate.ofInstant(NOW, ZONE).minusDays(1);

        DataSource viaImport = withHistory("year_import", stored);
        keepYear(viaImport, keeper, yesterday);
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", ZONE.getId(), "retention.raw.days", 0)));
        new HistoryImporter(AnalyticsStore.over(viaImport), settings, Clock.fixed(NOW, ZoneOffset.UTC)).importHistory(
                new ImportRequest(ImportSource.REVENGE, export(imported), null, null, null, false), (phase, rows) -> { });
        DataSource fromScratch = withHistory("year_scratch", stored);
        Databases.storePlays(AnalyticsStore.over(fromScratch), imported, ZONE);
        keepYear(fromScratch, keeper, yesterday);

        assertThat(count(viaImport, "SELECT sum(play_count) FROM user_year_days WHERE user_id = '" + keeper + "'"))
                .isEqualTo(count(viaImport, "SELECT count(*) FROM playback_events WHERE user_id = '" + keeper + "' AND started_at < '"
                        + yesterday.plusDays(1).atStartOfDay(ZONE).toInstant() + "'"))
                .isGreaterThan(count(fromScratch, "SELECT count(*) FROM playback_events WHERE user_id = '" + keeper + "'") / 3);
        for (String table : List.of("SELECT * FROM user_year_days ORDER BY user_id, day",
                "SELECT * FROM user_year_hours ORDER BY user_id, year, hour",
                "SELECT * FROM user_year_items ORDER BY user_id, year, media_id",
                "SELECT user_id, year, through_day, first_play_at, last_play_at FROM user_year_summary ORDER BY user_id, year")) {
            assertThat(Databases.rows(viaImport, table)).as(table).isEqualTo(Databases.rows(fromScratch, table));
        }
    }

    /** As "keep my year" does: the user's last year and this year up to yesterday counted from the stored plays. */
    private static void keepYear(DataSource database, UUID user, LocalDate yesterday) {
        AnalyticsStore.over(database).write("keep the year", org.revenge.analytics.internal.store.YearMapper.class, years -> {
            years.keep(user, NOW);
            return years.countInto(LocalDate.of(yesterday.getYear() - 1, 12, 31), ZONE, user) + years.countInto(yesterday, ZONE, user);
        });
    }

    /** A database with ranking periods that hold the last days, and the stored plays written by the live writer. */
    static DataSource withHistory(String name, List<PlaybackEvent> stored) throws SQLException {
        DataSource database = Databases.migrated(name);
        LocalDate today = LocalDate.ofInstant(NOW, ZONE);
        Databases.execute(database, "INSERT INTO media_stats_period_state (span_days, as_of, built_at) VALUES (0, '" + today
                + "', now()), (7, '" + today.minusDays(1) + "', now()), (30, '" + today + "', now())");
        Databases.storePlays(AnalyticsStore.over(database), stored, ZONE);
        return database;
    }

    /** Plays of 4 users and 8 items of 2 libraries over the last 12 days, each user's starts distinct. */
    static List<PlaybackEvent> plays(SplittableRandom random, int n, Set<String> starts) {
        List<PlaybackEvent> plays = new ArrayList<>();
        while (plays.size() < n) {
            UUID user = new UUID(5, random.nextInt(4));
            int item = random.nextInt(8);
            Instant start = NOW.minusSeconds(3600 + random.nextLong(12 * 86_400L)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            if (!starts.add(user + "@" + start)) {
                continue;
            }
            MediaType type = item % 3 == 0 ? MediaType.TRACK : item % 3 == 1 ? MediaType.EPISODE : MediaType.MOVIE;
            plays.add(play(user, new UUID(7, item), new UUID(6, item % 2), type, start, 100 + random.nextInt(3000),
                    random.nextInt(3) == 0, CLIENTS[random.nextInt(CLIENTS.length)]));
        }
        return plays;
    }

    static PlaybackEvent play(UUID user, UUID media, UUID library, MediaType type, Instant start, int durationSec,
            boolean completed, String client) {
        return new PlaybackEvent(UUID.randomUUID(), user, media, library, type, start, start.plusSeconds(durationSec + 5),
                durationSec, completed, client);
    }

    /** The plays as another installation exports them. */
    Path export(List<PlaybackEvent> plays) throws Exception {
        StringWriter text = new StringWriter();
        PlayFormat export = PlayFormat.of(ExportFormat.JSON, text, HostNames.none());
        export.begin();
        for (PlaybackEvent play : plays) {
            export.play(new PlayRecord(play.userId(), play.startedAt(), play.endedAt(), play.mediaId(), play.libraryId(),
                    play.mediaType(), play.clientType(), play.durationSec(), play.completed()));
        }
        export.end();
        return Files.writeString(dir.resolve("plays.json"), text.toString());
    }

    static long count(DataSource database, String sql) throws SQLException {
        return Databases.count(database, sql);
    }
}
