package org.revenge.analytics.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.service.LocalAnalyticsService;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.testing.TestPostgres;

/**
 * A database of the previous release, filled with data in that release's layout (plain SQL, so it
 * does not follow the code as the schema moves on), upgraded in place by the current changelog:
 * nothing is lost and the queries answer from it. Keep it for every future changeset; when a
 * release is tagged, move {@link #PREVIOUS} to it and write the data in its layout.
 */
class SchemaUpgradeTest {

    static final String PREVIOUS = "1.0.0";
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final UUID LIBRARY = new UUID(1, 1);
    static final List<String> TABLES = List.of("playback_events", "client_types", "media_stats_daily", "media_stats_period",
            "media_stats_period_state", "media_user_recency", "user_recency", "user_activity_daily", "library_stats_daily",
            "system_metrics_hourly", "analytics_job", "playback_sessions", "ingest_checkpoint");
    /** Tables the changesets since {@link #PREVIOUS} add; a new table must be named here or in {@link #TABLES}. */
    static final List<String> TABLES_SINCE = List.of("library_activity_daily", "user_opt_out", "play_breakdown_daily",
            "user_client_recency", "user_year_keep", "user_year_summary", "user_year_days", "user_year_hours", "user_year_items",
            "import_run", "imported_viewing", "ingest_quarantine", "media_stats_yearly", "user_item_daily", "server_years",
            "server_year_hours", "play_method_daily", "peak_streams_daily", "trending_items", "trending_count",
            "peak_streams_recent", "analytics_node", "user_erasure_fence", "recording_switch", "active_users_count",
            "active_users_counted", "play_breakdown_summary");

    @Test
    void aDatabaseOfThePreviousReleaseIsUpgradedInPlaceWithNothingLost(@TempDir Path journal) throws Exception {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(TestPostgres.freshDatabase("upgrade"));
        LiquibaseSchema.updateToRelease(database, PREVIOUS);
        assertThat(Databases.count(database, "SELECT count(*) FROM " + LiquibaseSchema.HISTORY_TABLE + " WHERE tag = '"
                + PREVIOUS + "'")).isEqualTo(1);
        fillInReleaseLayout(database);
        readPreviousColumns(database);
        List<String> before = contents(database);

        // as the plugin does: in its configured zone, in which the new rollups count days and hours
        LiquibaseSchema.update(database, ZoneId.of("Europe/Amsterdam"));
        LiquibaseSchema.update(database);

        assertThat(contents(database)).isEqualTo(before);
        String local = "started_at AT TIME ZONE 'Europe/Amsterdam'";
        assertThat(Databases.rows(database, "SELECT day, hour, client_code, media_type, play_count, completed_count, "
                + "watch_time_sec FROM play_breakdown_daily ORDER BY 1, 2, 3, 4"))
                .as("1.1.0-010 fills the breakdowns from the plays, in the zone it was given")
                .hasSize((int) Databases.count(database, "SELECT count(DISTINCT ((" + local + ")::date, extract(hour FROM "
                        + local + "), client_code, media_type)) FROM playback_events"))
                .isEqualTo(Databases.rows(database, "SELECT (" + local + ")::date, extract(hour FROM " + local + ")::int, "
                        + "client_code, media_type, count(*), count(*) FILTER (WHERE completed), sum(duration_sec) "
                        + "FROM playback_events GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"));
        assertThat(Databases.rows(database, "SELECT client_code, user_id, last_day FROM user_client_recency ORDER BY 1, 2"))
                .isEqualTo(Databases.rows(database, "SELECT client_code, user_id, max((" + local + ")::date) "
                        + "FROM playback_events GROUP BY 1, 2 ORDER BY 1, 2"));
        assertThat(Databases.yearsDiffering(database)).as("1.2.0-017 fills the years from the daily rows").isZero();
        assertThat(Databases.serverYearsDiffering(database)).as("1.2.0-020 fills the server's years from those and the breakdowns")
                .isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM server_year_hours")).isPositive();
        assertThat(Databases.userItemDaysDiffering(database, "Europe/Amsterdam"))
                .as("1.2.0-019 fills the user item days from the plays, in the zone it was given").isZero();
        assertThat(Databases.playMethodDaysDiffering(database, "Europe/Amsterdam"))
                .as("1.2.0-021 fills the play methods (all unknown) from the daily breakdown").isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM play_method_daily")).isPositive();
        assertThat(Databases.breakdownSummaryDiffering(database)).as("1.2.0-032 fills the summary from the daily breakdown").isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM play_breakdown_summary")).isPositive();
        assertThat(Databases.rows(database, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                + "AND relkind IN ('r', 'p') AND NOT relispartition AND relname NOT LIKE 'analytics_databasechangelog%'"))
                .as("the plugin's tables after the upgrade")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(TABLES.stream(), TABLES_SINCE.stream()).toList());
        assertThat(Databases.count(database, "SELECT count(*) FROM user_opt_out")).as("nobody is opted out by an upgrade").isZero();
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC")));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        AnalyticsStore store = AnalyticsStore.over(database);
        JobRunner jobs = JobRunner.standalone(store, settings, clock, "upgrade");
        for (LocalDate day = LocalDate.of(2026, 11, 14); !day.isAfter(LocalDate.of(2026, 11, 24)); day = day.plusDays(1)) {
            jobs.aggregate(day, settings);
        }
        IngestPipeline pipeline = new IngestPipeline(settings, journal, clock);
        try {
            LocalAnalyticsService service = new LocalAnalyticsService(store, pipeline, settings, clock);
            List<MediaStats> top = service.getMostWatched(LIBRARY, Duration.ofDays(30), 3).items();
            assertThat(top.stream().map(item -> item.mediaId() + " " + item.plays() + " " + item.distinctUsers()).toList())
                    .isEqualTo(Databases.rows(database, "SELECT media_id || ' ' || count(*) || ' ' || count(DISTINCT user_id) "
                            + "FROM playback_events GROUP BY media_id ORDER BY count(*) DESC, sum(duration_sec) DESC, media_id "
                            + "LIMIT 3"));
            assertThat(service.getLibraryStats(LIBRARY)).hasValueSatisfying(stats -> assertThat(stats.totalItems()).isEqualTo(1200));
            assertThat(service.getUserStats(new UUID(2, 3), Duration.ofDays(30)).plays())
                    .isEqualTo(Databases.count(database, "SELECT count(*) FROM playback_events WHERE user_id = '"
                            + new UUID(2, 3) + "'"));
            assertThat(service.getActiveUsers(Duration.ofDays(30))).isNotEmpty();
            // the daily check built the items' days from the plays, and carried them into their years
            assertThat(Databases.count(database, "SELECT count(*) FROM media_stats_yearly")).isPositive();
            assertThat(Databases.yearsDiffering(database)).as("item-years that differ from their daily rows").isZero();
            assertThat(Databases.serverYearsDiffering(database)).as("server years that differ from their items and hours").isZero();
        } finally {
            pipeline.close();
        }
    }

    /** What a running 1.0.0 plugin leaves: plays (one still open), a client, a snapshot, a session, jobs, a checkpoint. */
    private static void fillInReleaseLayout(PGSimpleDataSource database) throws Exception {
        for (int back = 0; back <= 10; back++) {
            Databases.execute(database, "SELECT analytics_ensure_playback_partition('" + LocalDate.of(2026, 11, 24).minusDays(back) + "')");
        }
        Databases.execute(database, "INSERT INTO client_types (name) VALUES ('web'), ('android-tv')");
        Databases.execute(database, """
                INSERT INTO playback_events (started_at, user_id, media_id, library_id, duration_sec, ended_sec, client_code,
                                             media_type, completed)
                SELECT timestamptz '2026-11-14T00:00Z' + g * interval '7 minutes',
                       ('00000000-0000-0002-0000-' || lpad((g % 7)::text, 12, '0'))::uuid,
                       ('00000000-0000-0003-0000-' || lpad((g % 13 * g % 5)::text, 12, '0'))::uuid, 'LIBRARY', 60 + g % 900,
                       CASE WHEN g = 2000 THEN NULL ELSE 100 + g % 900 END, g % 3, 1 + g % 5, g % 4 = 0
                  FROM generate_series(1, 2000) g
                """.replace("LIBRARY", LIBRARY.toString()));
        Databases.execute(database, "INSERT INTO library_stats_daily VALUES ('" + LIBRARY + "', '2026-11-24', "
                + "'2026-11-24T03:00Z', 1200, 50000000000, 12, 3, 40)");
        Databases.execute(database, "INSERT INTO playback_sessions VALUES ('" + new UUID(4, 1) + "', '" + new UUID(4, 1) + "', '"
                + new UUID(2, 1) + "', '" + new UUID(3, 1) + "', '" + LIBRARY + "', '2026-11-24T11:00Z', '2026-11-24T11:30Z', "
                + "NULL, 1800, 1800, 1800, 6000, 1, false, true, 'web')");
        Databases.execute(database, "INSERT INTO analytics_job (kind, run_key, state, attempt, scheduled_at, started_at, "
                + "finished_at, rows_changed, outcome) VALUES ('analytics.partitions', '2026-11-24', 'completed', 1, "
                + "'2026-11-24T00:00Z', '2026-11-24T00:00Z', '2026-11-24T00:00:01Z', 8, '8 partitions created')");
        Databases.execute(database, "INSERT INTO ingest_checkpoint VALUES ('node-a', 4711, '2026-11-24T11:59Z')");
        Databases.execute(database, "INSERT INTO system_metrics_hourly (metric, hour, samples, min_value, avg_value, max_value) "
                + "VALUES ('jvm.heap.used', '2026-11-24T11:00Z', 60, 1, 2, 3)");
    }

    /**
     * Every row of every table of the previous release, as text, in a fixed order: the columns the
     * previous release has, since a later changeset may add one (1.2.0-013 adds the journal's generation).
     */
    private static List<String> contents(PGSimpleDataSource database) throws Exception {
        List<String> all = new ArrayList<>();
        for (String table : TABLES) {
            all.add(table);
            all.addAll(Databases.rows(database, "SELECT ROW(" + String.join(", ", PREVIOUS_COLUMNS.get(table)) + ")::text FROM "
                    + table + " ORDER BY 1"));
        }
        return all;
    }

    /** Each table's columns as the previous release made them, read before the upgrade. */
    private static final Map<String, List<String>> PREVIOUS_COLUMNS = new HashMap<>();

    private static void readPreviousColumns(PGSimpleDataSource database) throws Exception {
        for (String table : TABLES) {
            PREVIOUS_COLUMNS.put(table, Databases.rows(database, "SELECT quote_ident(column_name) FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND table_name = '" + table + "' ORDER BY ordinal_position"));
        }
    }
}
