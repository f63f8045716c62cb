package org.revenge.analytics.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.ConfigurationValues;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.db.LiquibaseSchema;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.service.LocalAnalyticsAdmin;
import org.revenge.analytics.internal.service.LocalAnalyticsService;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.BreakdownMapper;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.PrivacyMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.PlayRecord;

/**
 * {@code bench/run queries}: every query on a generated history of 10 million plays over 90 days
 * (2,000 users; 200,000 items in 5 libraries with Zipf popularity, the music library a long tail),
 * uncached and cached, next to the plain-SQL baselines the issue names, in the same run.
 *
 * <p>The plays are generated straight into the raw table (as an import would arrive), so the
 * daily aggregation builds every rollup from them: that is the aggregation timed. The dataset is
 * kept and reused on the same day; the embedded PostgreSQL lives under {@code .bench-data/}.
 */
final class QueryBenchmark {

    private static final int DAYS = 90;
    private static final int USERS = 2_000;
    private static final String ZONE = "Europe/Amsterdam";
    /** The household page's history page size. */
    private static final int USER_PAGE_HISTORY = 25;
    private static final Instant HISTORY_FROM = LocalDate.of(1970, 1, 1).atStartOfDay(ZoneId.of(ZONE)).toInstant();
    private static final Instant HISTORY_TO = LocalDate.of(9999, 12, 31).plusDays(1).atStartOfDay(ZoneId.of(ZONE)).toInstant();
    private static final String[] LIBRARIES = {"movies", "series", "music", "audiobooks", "other"};
    private static final int[] PERIOD_DAYS = {7, 30, 90, 365};
    private static final int UNCACHED_RUNS = 30;
    /** Timed calls of the console page's whole read, per period. */
    private static final int PAGE_RUNS = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final int WARM_UP_CALLS = 2_000;
    private static final int CACHED_RUNS = 200;
    /** Runs of a figure that takes seconds, as the plain-SQL baselines. */
    private static final int SLOW_RUNS = 5;

    private final long events;
    private final Path work;
    private final boolean householdOnly;
    private final boolean consoleOnly;

    /**
     * @param householdOnly only the household page's figures
     * @param consoleOnly   only the admin console's figures: trending, active users, the page per period, the drill-downs
     */
    QueryBenchmark(long events, Path work, boolean householdOnly, boolean consoleOnly) {
        this.events = events;
        this.work = work;
        this.householdOnly = householdOnly;
        this.consoleOnly = consoleOnly;
    }

    void run() throws Exception {
        String jdbcUrl = database();
        try (HikariDataSource pool = pool(jdbcUrl)) {
            Out.progress("applying the analytics schema");
            // in the zone of the plugin's settings below, as the plugin does: a changeset that fills a
            // new rollup from the stored plays (a dataset of earlier today) counts days in it
            LiquibaseSchema.update(pool, ZoneId.of(ZONE));
            AnalyticsStore store = AnalyticsStore.over(pool);
            Settings settings = Settings.from(ConfigurationValues.of(Map.of("timezone", ZONE)));
            JobRunner jobs = JobRunner.standalone(store, settings, Clock.systemUTC(), "bench");
            LocalDate today = LocalDate.now(ZoneId.of(ZONE));
            if (!datasetReady(jdbcUrl)) {
                generate(jdbcUrl);
                aggregate(jobs, settings, today);
                markReady(jdbcUrl);
            } else {
                Out.progress("reusing the dataset generated earlier today (delete bench/.bench-data/ to start afresh)");
                topUp(jdbcUrl, jobs, settings, today);
            }
            Out.progress("timing the daily check of a finished day, as the aggregation job runs it every day");
            LocalDate yesterday = today.minusDays(1);
            millis("aggregate.one_day_check.p50", median(timings(5, () -> jobs.aggregate(yesterday, settings))));
            // a schema change may have asked for the periods to be summed again; nothing happens if they are up to date
            jobs.periods(yesterday);
            Out.progress("vacuuming and analysing the tables, as autovacuum does between the nightly jobs");
            Sql.execute(jdbcUrl, "VACUUM ANALYZE");
            store.changed();
            storage(jdbcUrl);
            Path journal = Files.createDirectories(work.resolve("journal"));
            IngestPipeline pipeline = new IngestPipeline(settings, journal, Clock.systemUTC());
            try {
                LocalAnalyticsService service = new LocalAnalyticsService(store, pipeline, settings, Clock.systemUTC());
                LocalAnalyticsAdmin admin = new LocalAnalyticsAdmin(store, pipeline, jobs, null, settings, Clock.systemUTC());
                if (consoleOnly) {
                    console(service, admin, jobs, store, jdbcUrl, today);
                } else {
                    if (!householdOnly) {
                        queries(service, jobs, store, jdbcUrl, today);
                        dashboard(service, admin, jobs, store, libraries(jdbcUrl), today);
                        drillDowns(service, admin, store, jdbcUrl, today);
                    }
                    household(service, admin, store, jdbcUrl, today);
                }
            } finally {
                pipeline.close();
            }
            if (!householdOnly && !consoleOnly) {
                retention(store, jdbcUrl);
            }
        }
    }

    /** ANALYTICS_BENCH_JDBC_URL's server (database analytics_bench_queries), or a kept embedded server. */
    private String database() throws SQLException, IOException {
        String server = System.getenv("ANALYTICS_BENCH_JDBC_URL");
        String admin;
        if (server == null || server.isBlank() || server.equals("embedded")) {
            File dir = Path.of(".bench-data", "postgres").toAbsolutePath().toFile();
            Out.progress("starting the embedded PostgreSQL kept under " + dir);
            Files.createDirectories(dir.toPath());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dir.getParentFile())
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("shared_buffers", "1GB")
                    .setServerConfig("work_mem", "64MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    Out.progress("embedded PostgreSQL did not stop cleanly: " + e);
                }
            }));
            admin = postgres.getJdbcUrl("postgres", "postgres");
        } else {
            admin = server;
            Out.progress("using PostgreSQL at " + server);
        }
        String name = "analytics_bench_queries";
        try (Connection connection = DriverManager.getConnection(admin);
             Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        }
        int query = admin.indexOf('?');
        String base = query < 0 ? admin : admin.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : admin.substring(query));
    }

    private static HikariDataSource pool(String jdbcUrl) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgres);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private boolean datasetReady(String jdbcUrl) throws SQLException {
        Sql.execute(jdbcUrl, "CREATE TABLE IF NOT EXISTS bench_dataset (events bigint, generated_on date)");
        return Sql.count(jdbcUrl, "SELECT count(*) FROM bench_dataset WHERE events = " + events
                + " AND generated_on = current_date") == 1;
    }

    private void markReady(String jdbcUrl) throws SQLException {
        Sql.execute(jdbcUrl, "DELETE FROM bench_dataset");
        Sql.execute(jdbcUrl, "INSERT INTO bench_dataset VALUES (" + events + ", current_date)");
    }

    /** One INSERT per UTC day ({@link #insertPlays}), in start order (as plays arrive). */
    private void generate(String jdbcUrl) throws SQLException {
        Out.progress("generating " + events + " plays over " + DAYS + " days (one day at a time; a few minutes)");
        for (String table : List.of("playback_events", "media_stats_daily", "media_stats_period", "media_stats_period_state",
                "media_user_recency", "user_recency", "user_activity_daily", "library_activity_daily", "play_breakdown_daily",
                "user_client_recency", "library_stats_daily", "analytics_job")) {
            Sql.execute(jdbcUrl, "TRUNCATE " + table);
        }
        Sql.execute(jdbcUrl, "INSERT INTO client_types (name) SELECT unnest(ARRAY['web','android','ios','android-tv','roku',"
                + "'desktop']) ON CONFLICT DO NOTHING");
        LocalDate todayUtc = LocalDate.now(ZoneOffset.UTC);
        long perDay = events / DAYS;
        double todayShare = (System.currentTimeMillis() % 86_400_000L) / 86_400_000.0;
        long done = 0;
        for (int back = DAYS; back >= 0; back--) {
            LocalDate day = todayUtc.minusDays(back);
            long count = back == 0 ? Math.round(perDay * todayShare) : perDay;
            double seconds = back == 0 ? todayShare * 86_400 : 86_400;
            insertPlays(jdbcUrl, day.atStartOfDay(ZoneOffset.UTC).toInstant(), seconds, count);
            done += count;
            if (back % 10 == 0) {
                Out.progress(done + " plays generated, up to " + day);
            }
        }
        LocalDate todayLocal = LocalDate.now(ZoneId.of(ZONE));
        Sql.execute(jdbcUrl, """
                INSERT INTO library_stats_daily (library_id, day, scanned_at, total_items, total_size_bytes, missing_metadata,
                                                 orphaned_files, added_items)
                SELECT md5('library/' || lib)::uuid, d::date, d + interval '4 hours',
                       items, items * 40000000, items / 50, items / 400, items / 900
                  FROM generate_series(0, 4) lib,
                       generate_series('%s'::date, '%s'::date, interval '1 day') d,
                       LATERAL (SELECT ((ARRAY[10000, 30000, 150000, 5000, 5000])[lib + 1]
                                        * (0.9 + 0.1 * (d::date - '%s'::date) / %d))::bigint AS items) i
                """.formatted(todayLocal.minusDays(DAYS), todayLocal, todayLocal.minusDays(DAYS), DAYS));
        Out.progress("analysing the tables");
        Sql.execute(jdbcUrl, "VACUUM ANALYZE");
    }

    /**
     * {@code count} plays started within {@code seconds} from {@code from} (a UTC day at most), in
     * start order: library by share of plays; item within a library log-uniform (Zipf with s = 1),
     * the music library half uniform so about 150,000 distinct tracks are played a month; users
     * mildly skewed.
     */
    private static void insertPlays(String jdbcUrl, Instant from, double seconds, long count) throws SQLException {
        Sql.execute(jdbcUrl, "SELECT analytics_ensure_playback_partition('" + LocalDate.ofInstant(from, ZoneOffset.UTC) + "')");
        Sql.execute(jdbcUrl, """
                INSERT INTO playback_events (started_at, user_id, media_id, library_id, duration_sec, ended_sec,
                                             client_code, media_type, completed)
                SELECT started_at, md5('user/' || u)::uuid, md5('media/' || lib || '/' || item)::uuid,
                       md5('library/' || lib)::uuid, duration, duration + pause, client, lib + 1, completed
                  FROM (SELECT '%s'::timestamptz + random() * %f * interval '1 second' AS started_at,
                               floor(%d * power(random(), 1.3))::int AS u,
                               l.lib,
                               CASE WHEN l.lib = 2 AND random() < 0.5 THEN floor(random() * 150000)
                                    ELSE floor(exp(random() * ln((ARRAY[10000, 30000, 150000, 5000, 5000])[l.lib + 1]))) - 1
                               END AS item,
                               (ARRAY[600, 300, 30, 600, 60])[l.lib + 1]
                                   + floor(random() * (ARRAY[6600, 2400, 270, 3000, 840])[l.lib + 1])::int AS duration,
                               floor(random() * 120)::int AS pause,
                               1 + floor(random() * 6)::int AS client,
                               random() < 0.6 AS completed
                          FROM generate_series(1, %d) g,
                               LATERAL (SELECT CASE WHEN r < 0.15 THEN 0 WHEN r < 0.45 THEN 1 WHEN r < 0.90 THEN 2
                                                    WHEN r < 0.95 THEN 3 ELSE 4 END AS lib
                                          FROM (SELECT random() + 0 * g AS r) x) l) p
                 ORDER BY started_at
                ON CONFLICT DO NOTHING
                """.formatted(from, seconds, USERS, count));
    }

    /**
     * A kept dataset ends when it was generated; a running server's plays go on to now. The plays
     * from the dataset's end to now at its rate, and today's rollups counted again, so the active
     * users of the last hour and today's figures are as fresh as right after generating.
     */
    private void topUp(String jdbcUrl, JobRunner jobs, Settings settings, LocalDate today) throws SQLException {
        Instant end = Instant.EPOCH.plus(Sql.count(jdbcUrl, "SELECT (extract(epoch FROM max(started_at)) * 1000000)::bigint"
                + " FROM playback_events"), ChronoUnit.MICROS);
        Instant now = Instant.now();
        Instant from = end;
        while (from.isBefore(now)) {
            Instant dayEnd = LocalDate.ofInstant(from, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = dayEnd.isBefore(now) ? dayEnd : now;
            double seconds = Duration.between(from, to).toMillis() / 1000.0;
            insertPlays(jdbcUrl, from, seconds, Math.round(events / DAYS * seconds / 86_400));
            from = to;
        }
        Out.progress("plays added from the dataset's end (" + end + ") to now, as a running server's; counting today's rollups again");
        jobs.aggregate(today, settings);
    }

    /** The jobs as they run after the history arrived: every day's rollups, the periods, compaction. */
    private static void aggregate(JobRunner jobs, Settings settings, LocalDate today) {
        Out.progress("aggregating every day from the raw plays (the daily aggregation job, once per day)");
        List<Long> fromRaw = new ArrayList<>();
        for (LocalDate day = today.minusDays(DAYS + 1); day.isBefore(today); day = day.plusDays(1)) {
            LocalDate current = day;
            fromRaw.add(time(() -> jobs.aggregate(current, settings)));
            if (fromRaw.size() % 10 == 0) {
                Out.progress(fromRaw.size() + " days aggregated, up to " + day);
            }
        }
        // today's plays too: the writer would have counted them as they came; here they came as an import
        jobs.aggregate(today, settings);
        LocalDate yesterday = today.minusDays(1);
        Out.progress("summing the ranking periods");
        long periodsSum = time(() -> jobs.periods(yesterday.minusDays(1)));
        long periodsMove = time(() -> jobs.periods(yesterday));
        Out.progress("compacting the finished days' partitions");
        List<Long> compact = new ArrayList<>();
        LocalDate todayUtc = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day = todayUtc.minusDays(DAYS); day.isBefore(todayUtc.minusDays(1)); day = day.plusDays(1)) {
            LocalDate current = day;
            compact.add(time(() -> jobs.compact(current)));
        }
        long[] raw = fromRaw.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] compacted = compact.stream().mapToLong(Long::longValue).sorted().toArray();
        millis("aggregate.one_day_from_raw.p50", raw[raw.length / 2]);
        millis("aggregate.one_day_from_raw.max", raw[raw.length - 1]);
        millis("periods.sum_all_from_daily_rows", periodsSum);
        millis("periods.move_on_one_day", periodsMove);
        millis("compact.one_day_partition.p50", compacted[compacted.length / 2]);
    }

    private static void storage(String jdbcUrl) throws SQLException {
        long plays = Sql.count(jdbcUrl, "SELECT count(*) FROM playback_events");
        long raw = Sql.count(jdbcUrl, "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                + "WHERE inhparent = 'playback_events'::regclass");
        long rollups = Sql.count(jdbcUrl, "SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY['media_stats_daily',"
                + "'media_stats_period','media_user_recency','user_recency','user_activity_daily']::regclass[]) c");
        Out.figure("dataset.plays", plays, "plays");
        Out.figure("storage.raw_bytes_per_play", Math.round((double) raw / plays), "B");
        Out.figure("storage.rollup_bytes_per_play", Math.round((double) rollups / plays), "B");
        // the household's rollups (1.2.0-017, -019), apart, so the figure above stays comparable with earlier runs
        for (String table : List.of("media_stats_yearly", "user_item_daily")) {
            long bytes = Sql.count(jdbcUrl, "SELECT pg_total_relation_size('" + table + "')");
            Out.figure("storage." + table + "_bytes_per_play", Math.round((double) bytes / plays), "B");
        }
    }

    /** The generated libraries' ids, in the order of {@link #LIBRARIES}. */
    private static UUID[] libraries(String jdbcUrl) throws SQLException {
        UUID[] libraries = new UUID[LIBRARIES.length];
        for (int i = 0; i < LIBRARIES.length; i++) {
            libraries[i] = UUID.fromString(Sql.text(jdbcUrl, "SELECT md5('library/" + i + "')::uuid"));
        }
        return libraries;
    }

    /**
     * {@code --console}: only the admin console's figures, in minutes: trending, the active users,
     * the page per period and the drill-downs, each as in the whole run.
     */
    private static void console(LocalAnalyticsService service, LocalAnalyticsAdmin admin, JobRunner jobs, AnalyticsStore store,
            String jdbcUrl, LocalDate today) throws SQLException {
        UUID[] libraries = libraries(jdbcUrl);
        Out.progress("timing the admin console's figures only");
        trendingAndActive(service, jobs, store, jdbcUrl, libraries[2]);
        dashboard(service, admin, jobs, store, libraries, today);
        drillDowns(service, admin, store, jdbcUrl, today);
    }

    /**
     * Trending as a running server answers it: the trending job (every 5 minutes) counts every
     * library, timed as such, and the call reads its count; and the same ranking counted from the
     * plays at the call (what the call does without a count of the last 15 minutes).
     */
    private static void trendingAndActive(AnalyticsService service, JobRunner jobs, AnalyticsStore store, String jdbcUrl,
            UUID music) throws SQLException {
        report("trending.count_job.every_library", timings(3, jobs::trending));
        report("getTrending.music", uncached(store, () -> service.getTrending(music, 10)));
        Out.progress("timing trending counted from the plays at the call (no count)");
        List<Long> live = timings(5, () -> {
            store.transaction("forget the trending count", session -> session.getMapper(PrivacyMapper.class).deleteTrending());
            return service.getTrending(music, 10);
        });
        report("getTrending.music.without_count", live);
        jobs.trending();
        // as on a running server, where the job has counted within the last 5 minutes; then the baseline without a count
        Out.progress("timing the active users from the active users job's count, then read from the plays at the call (no count)");
        report("active_users.count_job", timings(3, jobs::activeUsers));
        // the five runs just timed, back to back, left four counts' rows dead beside the live ones: a
        // running server's job runs every 5 minutes, and autovacuum clears them within a minute. Cleared
        // here as there, then one count, as the schedule makes it
        Sql.execute(jdbcUrl, "VACUUM ANALYZE active_users_count, active_users_counted");
        jobs.activeUsers();
        report("getActiveUsers.1h", uncached(store, () -> service.getActiveUsers(Duration.ofHours(1))));
        report("getActiveUsers.1d", uncached(store, () -> service.getActiveUsers(Duration.ofDays(1))));
        store.transaction("forget the active users count", session -> session.getMapper(PlaybackMapper.class).clearActiveUsers());
        report("getActiveUsers.1h.without_count", uncached(store, () -> service.getActiveUsers(Duration.ofHours(1))));
        report("getActiveUsers.1d.without_count", uncached(store, () -> service.getActiveUsers(Duration.ofDays(1))));
    }

    private static void queries(AnalyticsService service, JobRunner jobs, AnalyticsStore store, String jdbcUrl, LocalDate today)
            throws SQLException {
        Out.progress("timing the queries: " + UNCACHED_RUNS + " uncached and " + CACHED_RUNS + " cached calls each");
        UUID[] libraries = libraries(jdbcUrl);
        UUID[] users = new UUID[USERS];
        List<String> userIds = Sql.texts(jdbcUrl, "SELECT md5('user/' || u)::uuid FROM generate_series(0, " + (USERS - 1) + ") u");
        Arrays.setAll(users, i -> UUID.fromString(userIds.get(i)));

        List<Long> cached = new ArrayList<>();
        for (int l = 0; l < LIBRARIES.length; l++) {
            UUID library = libraries[l];
            for (int days : PERIOD_DAYS) {
                String name = "getMostWatched." + LIBRARIES[l] + "." + days + "d";
                report(name, uncached(store, () -> service.getMostWatched(library, Duration.ofDays(days), 10)));
                cached.addAll(cached(() -> service.getMostWatched(library, Duration.ofDays(days), 10)));
            }
            report("getMostWatched." + LIBRARIES[l] + ".all_time",
                    uncached(store, () -> service.getMostWatched(library, AnalyticsService.ALL_TIME, 10)));
        }
        report("getMostWatched.cached", cached);
        UUID music = libraries[2];
        LocalDate first = today.minusDays(29);
        report("baseline.most_watched.music.30d.raw_plays", uncachedSql(jdbcUrl, 5, """
                SELECT media_id, count(*) AS plays, sum(duration_sec) AS watch FROM playback_events
                 WHERE library_id = '%s' AND started_at >= '%s'::date::timestamp AT TIME ZONE '%s'
                 GROUP BY media_id ORDER BY plays DESC, watch DESC, media_id LIMIT 10""".formatted(music, first, ZONE)));
        report("baseline.most_watched.music.30d.daily_rollup", uncachedSql(jdbcUrl, 10, """
                SELECT media_id, sum(play_count) AS plays, sum(watch_time_sec) AS watch FROM media_stats_daily
                 WHERE library_id = '%s' AND day >= '%s'
                 GROUP BY media_id ORDER BY plays DESC, watch DESC, media_id LIMIT 10""".formatted(music, first)));
        report("getMostWatched.music.1h_rolling", uncached(store, () -> service.getMostWatched(music, Duration.ofHours(1), 10)));
        for (int l = 0; l < LIBRARIES.length; l++) {
            UUID library = libraries[l];
            report("getMostPopular." + LIBRARIES[l] + ".30d",
                    uncached(store, () -> service.getMostPopular(library, Duration.ofDays(30), 10)));
        }
        int[] next = {0};
        report("getUserStats.30d", uncached(store, () -> service.getUserStats(users[next[0]++ % USERS], Duration.ofDays(30))));
        report("getUserStats.30d.cached", cached(() -> service.getUserStats(users[0], Duration.ofDays(30))));
        trendingAndActive(service, jobs, store, jdbcUrl, music);
        report("getLibraryStats", uncached(store, () -> service.getLibraryStats(music)));
        report("getSystemStats", uncached(store, service::getSystemStats));
        report("getPlaysByDay.30d", uncached(store, () -> service.getPlaysByDay(Duration.ofDays(30))));
        report("getPlaysByWeekdayAndHour.30d", uncached(store, () -> service.getPlaysByWeekdayAndHour(Duration.ofDays(30))));
        report("getClientTypes.30d", uncached(store, () -> service.getClientTypes(Duration.ofDays(30))));
        report("getCompletionRates.30d", uncached(store, () -> service.getCompletionRates(Duration.ofDays(30))));
        report("getPlayMethods.30d", uncached(store, () -> service.getPlayMethods(Duration.ofDays(30))));
        report("getPeakStreamsByDay.30d", uncached(store, () -> service.getPeakStreamsByDay(Duration.ofDays(30))));
        report("getPeakStreamsByDay.today", uncached(store, () -> service.getPeakStreamsByDay(Duration.ofDays(1))));
    }

    /**
     * The console page's periods (its selector: 24 hours, 7, 30, 90, 365 days, all time, which is
     * {@code ConsoleRequests.MOST_DAYS} days, and a custom range), as the durations its
     * {@code days.json} asks the service for.
     */
    private static final Map<String, Duration> CONSOLE_PERIODS = new java.util.LinkedHashMap<>();

    static {
        CONSOLE_PERIODS.put("24h", Duration.ofHours(24));
        CONSOLE_PERIODS.put("7d", Duration.ofDays(7));
        CONSOLE_PERIODS.put("30d", Duration.ofDays(30));
        CONSOLE_PERIODS.put("90d", Duration.ofDays(90));
        CONSOLE_PERIODS.put("365d", Duration.ofDays(365));
        CONSOLE_PERIODS.put("all_time", Duration.ofDays(400));
        // a custom range, 59 to 30 days ago: days.json asks for the days from its first day to today
        CONSOLE_PERIODS.put("custom_range", Duration.ofDays(60));
    }

    /**
     * Everything the console page shows ({@link #pageParts}: the cards, plays by day over 30 days,
     * the weekday-by-hour heat map over 28 days, the client types over 30 days, the libraries'
     * snapshots, each library's 5 most played items over 7 days, 5 most popular over 30 days and its
     * scanned days over a year, the users active in the last hour, the completion rates, play methods
     * and each day's most plays at once over 30 days, the last 24 hours of system metrics, the last 10
     * job runs, the switch, the job kinds and the quarantine's count, then {@code days.json} for the
     * chosen period: the distinct users, the most plays at once and the plays of each day), read one
     * after another with nothing cached, where the page runs them side by side: one figure per period
     * of the page's selector; then each read alone for 30 and 365 days, to show where the time goes.
     * The baseline is the page's two breakdowns (heat map, client types) counted from the raw plays.
     */
    private static void dashboard(AnalyticsService service, LocalAnalyticsAdmin admin, JobRunner jobs, AnalyticsStore store,
            UUID[] libraries, LocalDate today) {
        // as on a running server, where the peak streams job counts the days being written every 5 minutes
        report("peak_streams.count_job", timings(3, jobs::peakStreams));
        Out.progress("timing the console page's data per period, uncached, against its breakdowns counted from the raw plays");
        List<Long> page = null;
        for (Map.Entry<String, Duration> period : CONSOLE_PERIODS.entrySet()) {
            freshCounts(jobs);
            Map<String, Supplier<?>> parts = pageParts(service, admin, libraries, period.getValue());
            // more calls than a query's 30: the machine's slow spells (a second or two at a time) took the
            // median of 30 calls of 90 ms from 77 to 115 ms between runs of the same code
            List<Long> timed = queryTimings(PAGE_RUNS, () -> {
                store.changed();
                return parts.values().stream().map(Supplier::get).toList();
            });
            report("dashboard.uncached." + period.getKey(), timed);
            if (period.getKey().equals("30d")) {
                page = timed;
            }
        }
        Out.progress("timing each of the console page's reads alone, uncached, for 30 days and for 365 days");
        for (String period : List.of("30d", "365d")) {
            freshCounts(jobs);
            pageParts(service, admin, libraries, CONSOLE_PERIODS.get(period)).forEach((part, read) ->
                    report("dashboard.part." + period + "." + part, uncached(store, read)));
        }
        Instant heatFrom = today.minusDays(27).atStartOfDay(ZoneId.of(ZONE)).toInstant();
        Instant clientsFrom = today.minusDays(29).atStartOfDay(ZoneId.of(ZONE)).toInstant();
        Instant to = Instant.now();
        List<Long> raw = timings(3, () -> store.read("the breakdowns from the raw plays", BreakdownMapper.class, mapper -> List.of(
                mapper.playsByWeekdayAndHour(heatFrom, to, ZONE, null), mapper.clientTypes(clientsFrom, to, null))));
        report("baseline.dashboard_breakdowns.raw_plays", raw);
        Out.figure("dashboard.speedup_over_raw_breakdowns", Math.round((double) median(raw) / median(page)), "x");
    }

    /** The counts a running server's jobs keep at most 5 minutes old, made again before a long series of timings. */
    private static void freshCounts(JobRunner jobs) {
        jobs.peakStreams();
        jobs.activeUsers();
    }

    /**
     * The console page's drill-downs: an item's view (the music library's most played item of the
     * last 30 days, over 30 days and over all time) and a day's plays (yesterday's first page of 50,
     * and its twentieth, reached by the keyset of the page before).
     */
    private static void drillDowns(LocalAnalyticsService service, LocalAnalyticsAdmin admin, AnalyticsStore store, String jdbcUrl,
            LocalDate today) throws SQLException {
        Out.progress("timing the console page's drill-downs: an item's view and a day's plays");
        UUID music = UUID.fromString(Sql.text(jdbcUrl, "SELECT md5('library/2')::uuid"));
        UUID item = service.getMostWatched(music, Duration.ofDays(30), 1).items().get(0).mediaId();
        report("getItemActivity.music_top.30d", uncached(store, () -> service.getItemActivity(music, item, Duration.ofDays(30))));
        report("getItemActivity.music_top.all_time", uncached(store, () -> service.getItemActivity(music, item, AnalyticsService.ALL_TIME)));
        LocalDate yesterday = today.minusDays(1);
        report("getPlaysOn.first_page", uncached(store, () -> admin.getPlaysOn(yesterday, null, 50)));
        PlayRecord after = null;
        for (int page = 1; page < 20; page++) {
            List<PlayRecord> plays = admin.getPlaysOn(yesterday, after, 50);
            after = plays.get(plays.size() - 1);
        }
        PlayRecord twentieth = after;
        report("getPlaysOn.twentieth_page", uncached(store, () -> admin.getPlaysOn(yesterday, twentieth, 50)));
    }

    /**
     * The household page and the years in review: a user's recently watched items (a user in turn,
     * and the heaviest), a user's whole page data for 30 days (what {@code GET /me/page} and the
     * first history page read), the server's year from the daily
     * rollups against the same totals counted from the raw plays, and a user's kept year (summary
     * plus the raw plays after it) for a heavy and a middling user.
     */
    private static void household(LocalAnalyticsService service, LocalAnalyticsAdmin admin, AnalyticsStore store, String jdbcUrl,
            LocalDate today) throws SQLException {
        Out.progress("timing the household page's data and the years in review, uncached");
        List<String> userIds = Sql.texts(jdbcUrl, "SELECT md5('user/' || u)::uuid FROM generate_series(0, " + (USERS - 1) + ") u");
        UUID[] users = userIds.stream().map(UUID::fromString).toArray(UUID[]::new);
        int[] next = {0};
        Duration month = Duration.ofDays(30);
        // a new JVM's first calls (with --household, the JVM's first reads of all): they also time compiling
        // MyBatis's and the driver's path, which 32 calls do not finish; printed apart, labelled as such
        report("getRecentlyWatched.20.cold_jvm", uncached(store, () -> service.getRecentlyWatched(users[next[0]++ % USERS], 20)));
        // the figure: once the JVM has run the read 1,000 times for other users, as a running server has, for
        // users not read before (their rows not brought into the buffers by this run), uncached
        for (int i = 0; i < 1_000; i++) {
            store.changed();
            service.getRecentlyWatched(users[USERS / 2 + i % (USERS / 2 - 100)], 20);
        }
        int[] unread = {USERS - 100};
        report("getRecentlyWatched.20", uncached(store, () -> service.getRecentlyWatched(users[unread[0]++], 20)));
        report("getRecentlyWatched.20.heaviest_user", uncached(store, () -> service.getRecentlyWatched(users[0], 20)));
        report("userPage.30d", uncached(store, () -> userPage(service, admin, users[next[0]++ % USERS], month)));
        report("userPage.30d.heaviest_user", uncached(store, () -> userPage(service, admin, users[0], month)));
        // the four breakdowns alone, against the four reads the page made before they became one (same run, same users)
        Instant monthAgo = LocalDate.now(ZoneId.of(ZONE)).minusDays(29).atStartOfDay(ZoneId.of(ZONE)).toInstant();
        next[0] = USERS / 3;
        List<Long> combined = uncached(store, () -> {
            UUID user = users[next[0]++ % USERS];
            return List.of(service.getUserMostWatched(user, month, AnalyticsService.MAX_LIMIT),
                    service.getUserPlaysByWeekdayAndHour(user, month), service.getUserCompletionRates(user, month),
                    service.getUserClientTypes(user, month));
        });
        report("userPage.30d.breakdowns", combined);
        List<Long> separate = separateUserReads(jdbcUrl, users, monthAgo);
        report("baseline.userPage.30d.breakdowns.four_reads", separate);
        Out.figure("userPage.30d.breakdowns.speedup_over_four_reads", (double) median(separate) / median(combined), "x");
        int year = today.getYear();
        // seconds a call while it sums the year's daily item rows: timed as often as the baselines, not 30 times
        List<Long> server = timings(SLOW_RUNS, () -> {
            store.changed();
            return service.getYearInReview(year);
        });
        report("getYearInReview.server", server);
        List<Long> raw = uncachedSql(jdbcUrl, 3, """
                SELECT count(*), sum(duration_sec), count(DISTINCT media_id), count(DISTINCT (started_at AT TIME ZONE '%s')::date)
                  FROM playback_events
                 WHERE started_at >= '%s-01-01'::timestamp AT TIME ZONE '%s'""".formatted(ZONE, year, ZONE));
        report("baseline.year_totals.raw_plays", raw);
        Out.figure("getYearInReview.server.speedup_over_raw_totals", Math.round((double) median(raw) / median(server)), "x");
        for (int u : new int[] {0, USERS / 2}) {
            admin.setKeepingYear(users[u], true);
            UUID user = users[u];
            report("getUserYearInReview.user" + u, uncached(store, () -> service.getUserYearInReview(user, year)));
        }
    }

    /**
     * What a user's page reads for a period: {@code GET /me/page} (as the admin bundle's {@code UserPages}
     * gathers it: totals, every item of the period (the ten most watched and the libraries played in for
     * the history's filter), the three breakdowns, the opt-out and keep-my-year states), then the first history page (25 plays, no date range:
     * {@code GET /me/plays}'s defaults, 1970-01-01 to 9999-12-31 included).
     */
    private static List<Object> userPage(AnalyticsService service, LocalAnalyticsAdmin admin, UUID user, Duration period) {
        return List.of(service.getUserStats(user, period), service.getUserMostWatched(user, period, AnalyticsService.MAX_LIMIT),
                service.getUserPlaysByWeekdayAndHour(user, period), service.getUserCompletionRates(user, period),
                service.getUserClientTypes(user, period), admin.isOptedOut(user), admin.isKeepingYear(user),
                service.getUserPlays(user, HISTORY_FROM, HISTORY_TO, null, null, USER_PAGE_HISTORY));
    }

    /**
     * The user page's four breakdowns as the page read them before they became one statement: a
     * read of the user's key range per figure (plain SQL, prepared once, users in turn).
     */
    private static List<Long> separateUserReads(String jdbcUrl, UUID[] users, Instant from) {
        String range = " FROM playback_events WHERE user_id = ? AND started_at >= ? AND started_at < ?";
        List<String> reads = List.of(
                "SELECT media_id, (array_agg(library_id ORDER BY started_at DESC))[1], (array_agg(media_type ORDER BY started_at DESC))[1], "
                        + "count(*), count(*) FILTER (WHERE completed), coalesce(sum(duration_sec), 0)::bigint AS watch, max(started_at)"
                        + range + " GROUP BY media_id ORDER BY 4 DESC, watch DESC, media_id LIMIT " + AnalyticsService.MAX_LIMIT,
                "SELECT extract(isodow FROM started_at AT TIME ZONE '" + ZONE + "')::int, extract(hour FROM started_at AT TIME ZONE '"
                        + ZONE + "')::int, count(*), sum(duration_sec)::bigint" + range + " GROUP BY 1, 2 ORDER BY 1, 2",
                "SELECT media_type, count(*), count(*) FILTER (WHERE completed)" + range
                        + " GROUP BY GROUPING SETS ((), (media_type)) ORDER BY GROUPING(media_type) DESC, media_type",
                "SELECT coalesce(c.name, 'unknown') AS name, sum(e.plays) AS plays, sum(e.watch)::bigint FROM (SELECT client_code, "
                        + "count(*) AS plays, coalesce(sum(duration_sec), 0) AS watch" + range + " GROUP BY client_code) e "
                        + "LEFT JOIN client_types c ON c.code = e.client_code GROUP BY 1 ORDER BY plays DESC, name");
        int[] next = {USERS / 3};
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            List<java.sql.PreparedStatement> statements = new ArrayList<>();
            for (String read : reads) {
                statements.add(connection.prepareStatement(read));
            }
            return timings(UNCACHED_RUNS, () -> {
                UUID user = users[next[0]++ % USERS];
                long rows = 0;
                try {
                    for (java.sql.PreparedStatement statement : statements) {
                        statement.setObject(1, user);
                        statement.setObject(2, java.time.OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                        statement.setObject(3, java.time.OffsetDateTime.now(ZoneOffset.UTC));
                        try (java.sql.ResultSet result = statement.executeQuery()) {
                            while (result.next()) {
                                rows++;
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return rows;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One day's retention: a copy of a day's plays placed 100 days back, then dropped as retention does. */
    private static void retention(AnalyticsStore store, String jdbcUrl) throws SQLException {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(100);
        LocalDate source = old.plusDays(12);
        Sql.execute(jdbcUrl, "SELECT analytics_ensure_playback_partition('" + old + "')");
        Sql.execute(jdbcUrl, "INSERT INTO playback_events (started_at, user_id, media_id, library_id, duration_sec, ended_sec, "
                + "client_code, media_type, completed) SELECT started_at - interval '12 days', user_id, media_id, library_id, "
                + "duration_sec, ended_sec, client_code, media_type, completed FROM playback_events WHERE started_at >= '"
                + source + "T00:00Z' AND started_at < '" + source.plusDays(1) + "T00:00Z'");
        long copied = Sql.count(jdbcUrl, "SELECT count(*) FROM playback_events_p" + old.toString().replace("-", ""));
        long dropped = time(() -> store.write("apply retention", RollupMapper.class, rollups -> rollups.dropRawBefore(old.plusDays(1))));
        Out.figure("retention.one_day_plays", copied, "plays");
        millis("retention.one_day_drop", dropped);
    }

    /**
     * The reads of the console page for a period, by name, in the order the page makes them: what
     * the admin bundle's Dashboard.load reads, then what its script asks {@code days.json} for.
     */
    private static Map<String, Supplier<?>> pageParts(AnalyticsService service, LocalAnalyticsAdmin admin, UUID[] libraries,
            Duration asked) {
        Map<String, Supplier<?>> parts = new java.util.LinkedHashMap<>();
        parts.put("system_stats", service::getSystemStats);
        parts.put("plays_by_day_30d", () -> service.getPlaysByDay(Duration.ofDays(30)));
        parts.put("heat_map_28d", () -> service.getPlaysByWeekdayAndHour(Duration.ofDays(28)));
        parts.put("client_types_30d", () -> service.getClientTypes(Duration.ofDays(30)));
        parts.put("job_history", () -> service.getJobHistory(10));
        parts.put("active_users_1h", () -> service.getActiveUsers(Duration.ofHours(1)));
        parts.put("completion_rates_30d", () -> service.getCompletionRates(Duration.ofDays(30)));
        parts.put("system_metrics_24h", () -> service.getSystemMetrics(Duration.ofHours(24)));
        parts.put("play_methods_30d", () -> service.getPlayMethods(Duration.ofDays(30)));
        parts.put("peaks_30d", () -> service.getPeakStreamsByDay(Duration.ofDays(30)));
        parts.put("libraries", service::getLibraries);
        parts.put("library_cards", () -> Arrays.stream(libraries).map(library -> List.of(
                service.getLibraryHistory(library, Duration.ofDays(365)), service.getMostWatched(library, Duration.ofDays(7), 5),
                service.getMostPopular(library, Duration.ofDays(30), 5))).toList());
        parts.put("admin", () -> List.of(admin.isEnabled(), admin.getJobKinds(), admin.countQuarantined()));
        parts.put("period_distinct_users", () -> service.getDistinctUsersByDay(asked));
        parts.put("period_peaks", () -> service.getPeakStreamsByDay(asked));
        parts.put("period_plays_by_day", () -> service.getPlaysByDay(asked));
        return parts;
    }

    private static List<Long> uncached(AnalyticsStore store, Supplier<?> query) {
        return queryTimings(UNCACHED_RUNS, () -> {
            store.changed();
            return query.get();
        });
    }

    private static List<Long> cached(Supplier<?> query) {
        query.get();
        return queryTimings(CACHED_RUNS, query);
    }

    private static List<Long> uncachedSql(String jdbcUrl, int runs, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            return timings(runs, () -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeQuery(sql).next();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nanoseconds of each of {@code runs} calls, after two warm-up calls: a job's, or a baseline's of seconds. */
    private static List<Long> timings(int runs, Supplier<?> call) {
        return timings(runs, Duration.ZERO, call);
    }

    /**
     * Nanoseconds of each of {@code runs} calls of a query, after warm-up calls: {@value #WARM_UP_CALLS},
     * or fewer if {@link #WARM_UP} passes first (two at least), so that the call's own code is compiled
     * as on a server that has been up a while: the JVM compiles a method after some 200 calls. With two
     * only, a call that maps thousands of rows (the active users) was timed at three times its time
     * once warm, for its first 200 calls: the JIT's start, not the query. 300 were not enough either
     * once the active users read a few hundred rows: the first figure timed in the JVM (the hour's
     * active users) took 3.9 to 4.9 ms after 300 calls and 1.8 ms after 2,000, as it did among the
     * page's reads timed later (a probe on the benchmark's database, 2026-12-06). Jobs keep two: each
     * run writes, and the rows it replaces would pile up as dead rows.
     */
    private static List<Long> queryTimings(int runs, Supplier<?> call) {
        return timings(runs, WARM_UP, call);
    }

    private static List<Long> timings(int runs, Duration warmUp, Supplier<?> call) {
        long warmUntil = System.nanoTime() + warmUp.toNanos();
        for (int i = 0; i < WARM_UP_CALLS && (i < 2 || System.nanoTime() < warmUntil); i++) {
            call.get();
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.get();
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    private static long time(Supplier<?> call) {
        long start = System.nanoTime();
        call.get();
        return System.nanoTime() - start;
    }

    private static long median(List<Long> nanos) {
        return nanos.stream().sorted().toList().get(nanos.size() / 2);
    }

    private static void report(String name, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        millis(name + ".p50", sorted[sorted.length / 2]);
        millis(name + ".p99", sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)]);
    }

    private static void millis(String name, long nanos) {
        System.out.printf("%s: %.2f ms%n", name, nanos / 1e6);
    }
}
