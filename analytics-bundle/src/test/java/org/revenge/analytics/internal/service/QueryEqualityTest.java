package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.UserStats;

/**
 * Every query against an independent, straightforward SQL computation over the raw plays, on
 * generated data: 100 days of plays up to a "now" in the week Europe/Amsterdam leaves summer time
 * (2026-10-25 has 25 hours), the live partial day included, long-tail and skewed items, late plays,
 * and a few plays that arrive straight in the table (an import) and are only known to the rollups
 * once the daily check repairs them.
 *
 * <p>The rankings are checked in each state the rollups can be in: ranking periods up to date,
 * periods two days behind (days to take away and days to add), and no periods at all.
 *
 * <p>Users are erased ({@link LocalAnalyticsAdmin#eraseUser}) along the way, with the periods up to
 * date and two days behind, a heavy user and one with a single play today among them: every check
 * then also says that an erasure leaves the rollups equal to the plays that remain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryEqualityTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    static final Instant NOW = Instant.parse("2026-10-28T15:30:00Z");
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZONE);
    static final int USERS = 40;
    static final int[] ITEMS = {400, 60, 8};

    final List<UUID> libraries = List.of(new UUID(7, 1), new UUID(7, 2), new UUID(7, 3));
    final List<UUID> users = new ArrayList<>();
    DataSource database;
    AnalyticsStore store;
    Settings settings;
    JobRunner jobs;
    IngestPipeline pipeline;
    LocalAnalyticsService service;
    LocalAnalyticsAdmin admin;
    final List<UUID> erased = new ArrayList<>();

    @BeforeAll
    void history(@TempDir Path journal) throws Exception {
        database = Databases.migrated("equality");
        store = AnalyticsStore.over(database);
        settings = Settings.from(TestConfigs.analytics(Map.of("timezone", ZONE.getId())));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        jobs = JobRunner.standalone(store, settings, clock, "test");
        pipeline = new IngestPipeline(settings, journal, clock);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        pipeline.bindStore(store);
        admin = new LocalAnalyticsAdmin(store, pipeline, jobs, null, settings, clock);
        for (int u = 0; u < USERS; u++) {
            users.add(new UUID(9, u));
        }
        SplittableRandom random = new SplittableRandom(42);
        List<PlaybackEvent> plays = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Instant first = NOW.minus(Duration.ofDays(100));
        while (plays.size() < 12_000) {
            // more plays towards now, so periods differ; a few in the last hours
            double age = Math.pow(random.nextDouble(), 2) * Duration.between(first, NOW).toSeconds();
            Instant start = NOW.minusSeconds((long) age + 1).truncatedTo(ChronoUnit.MILLIS);
            UUID user = users.get((int) (USERS * Math.pow(random.nextDouble(), 1.5)));
            if (keys.add(user + "/" + start)) {
                plays.add(play(random, user, start));
            }
        }
        for (int i = 0; i < plays.size(); i += 2_000) {
            Databases.storePlays(store, plays.subList(i, Math.min(plays.size(), i + 2_000)), ZONE);
        }
        // an import straight into the table, past the writer, 40 days back
        Databases.execute(database, "INSERT INTO playback_events (started_at, user_id, media_id, library_id, duration_sec,"
                + " ended_sec, client_code, media_type, completed) SELECT '" + TODAY.minusDays(40) + "T10:00Z'::timestamptz"
                + " + g * interval '1 minute', '" + users.get(3) + "', '" + item(0, 399) + "', '" + libraries.get(0)
                + "', 120, 130, 0, 3, g % 2 = 0 FROM generate_series(1, 25) g");
        for (LocalDate day = TODAY.minusDays(101); day.isBefore(TODAY); day = day.plusDays(1)) {
            jobs.aggregate(day, settings);
        }
        jobs.periods(TODAY.minusDays(1));
        // a heavy user, and the user of the import; the heavy user keeps their year, so erasure has a summary to remove
        admin.setKeepingYear(users.get(2), true);
        erase(users.get(2));
        erase(users.get(3));
    }

    private void erase(UUID user) {
        assertThat(admin.eraseUser(user).playsRemoved()).as("plays of an erased user").isPositive();
        erased.add(user);
    }

    private PlaybackEvent play(SplittableRandom random, UUID user, Instant start) {
        int library = random.nextInt(10) < 6 ? 0 : random.nextInt(10) < 7 ? 1 : 2;
        int item = library == 0 && random.nextBoolean() ? random.nextInt(ITEMS[0])
                : (int) Math.exp(random.nextDouble() * Math.log(ITEMS[library])) - 1;
        MediaType type = library == 0 ? MediaType.TRACK : library == 1 ? MediaType.EPISODE : MediaType.MOVIE;
        int duration = 30 + random.nextInt(library == 0 ? 300 : 3000);
        boolean open = start.isAfter(NOW.minus(Duration.ofMinutes(90))) && random.nextInt(3) == 0;
        // the play method from the start, not from random, so the rest of the history is what it was without it
        int method = Math.floorMod(start.hashCode(), 4);
        return new PlaybackEvent(UUID.randomUUID(), user, item(library, item), libraries.get(library), type, start,
                open ? null : start.plusSeconds(duration + random.nextInt(100)), duration, random.nextInt(10) < 6,
                random.nextInt(5) == 0 ? null : "client-" + random.nextInt(4), method == 0 ? null : PlayMethod.values()[method - 1]);
    }

    static Stream<Duration> breakdownPeriods() {
        return Stream.of(Duration.ofHours(1), Duration.ofHours(7), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30),
                Duration.ofDays(90), org.revenge.analytics.spi.AnalyticsService.ALL_TIME);
    }

    static Stream<Duration> dailyPeriods() {
        return Stream.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(102));
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static UUID item(int library, int item) {
        return new UUID(100 + library, item);
    }

    @AfterAll
    void stop() throws Exception {
        pipeline.close();
    }

    /**
     * A late play, an open play today, and plays of users new to the top items (today and late),
     * written as the writer does, after the rollups exist.
     */
    private void morePlays(int round) {
        Instant late = TODAY.minusDays(3).atTime(21, round).atZone(ZONE).toInstant();
        Instant live = NOW.minusSeconds(600 + round);
        Databases.storePlays(store, List.of(
                new PlaybackEvent(UUID.randomUUID(), users.get(0), item(0, 1), libraries.get(0), MediaType.TRACK, late,
                        late.plusSeconds(200), 190, true, "client-1"),
                new PlaybackEvent(UUID.randomUUID(), users.get(1), item(1, 0), libraries.get(1), MediaType.EPISODE, live,
                        null, 300, false, null),
                // users new to the top items, today and late: one more distinct user for every period holding them
                new PlaybackEvent(UUID.randomUUID(), new UUID(9, 500 + round), item(0, 0), libraries.get(0), MediaType.TRACK,
                        live.minusSeconds(30), live, 120, true, "client-2"),
                new PlaybackEvent(UUID.randomUUID(), new UUID(9, 600 + round), item(1, 0), libraries.get(1), MediaType.EPISODE,
                        late.minusSeconds(60), late, 900, false, null)), ZONE);
    }

    static Stream<Arguments> periods() {
        List<Arguments> all = new ArrayList<>();
        for (int library = 0; library < 3; library++) {
            for (Duration period : List.of(Duration.ofHours(1), Duration.ofHours(7), Duration.ofDays(1), Duration.ofHours(50),
                    Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(365),
                    org.revenge.analytics.spi.AnalyticsService.ALL_TIME)) {
                for (int limit : new int[] {1, 7, 1000}) {
                    all.add(Arguments.of(library, period, limit));
                }
            }
        }
        return all.stream();
    }

    abstract class Rankings {

        abstract void rollupState() throws SQLException;

        @BeforeAll
        void prepare() throws SQLException {
            rollupState();
            store.changed();
        }

        @ParameterizedTest(name = "library {0}, {1}, limit {2}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#periods")
        void mostWatchedEqualsPlainSql(int library, Duration period, int limit) throws SQLException {
            List<MediaStats> ranked = service.getMostWatched(libraries.get(library), period, limit).items();

            assertThat(render(ranked)).isEqualTo(expectedRanking(library, period, limit, "plays DESC, watch DESC, media_id"));
        }

        @ParameterizedTest(name = "library {0}, {1}, limit {2}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#periods")
        void mostPopularEqualsPlainSql(int library, Duration period, int limit) throws SQLException {
            List<MediaStats> ranked = service.getMostPopular(libraries.get(library), period, limit).items();

            assertThat(render(ranked)).isEqualTo(expectedRanking(library, period, limit, "users DESC, plays DESC, media_id"));
        }

        /**
         * The share of each play method (play_method_daily for whole days, the raw plays under a day)
         * equals plain SQL over the raw plays of the window: after the import past the writer (repaired
         * by the daily check), late plays, and erasures (subtracted).
         */
        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#breakdownPeriods")
        void playMethodsEqualPlainSql(Duration period) throws SQLException {
            assertThat(Databases.playMethodDaysDiffering(database, ZONE.getId())).as("play-method days that differ from the plays")
                    .isZero();
            Window window = Window.of(period, NOW, ZONE);

            assertThat(service.getPlayMethods(period).stream()
                    .map(share -> share.playMethod() + " | " + share.plays() + " | " + share.watchTimeSec()).toList())
                    .isEqualTo(Databases.rows(database, """
                            SELECT CASE play_method::int4 WHEN 1 THEN 'direct-play' WHEN 2 THEN 'direct-stream'
                                        WHEN 3 THEN 'transcode' ELSE 'unknown' END AS method, count(*) AS plays, sum(duration_sec)
                              FROM playback_events WHERE started_at >= '%s' AND started_at < '%s'
                             GROUP BY 1 ORDER BY plays DESC, method""".formatted(window.from(), NOW)));
        }

        /**
         * Each day's peak of concurrent plays (stored by the daily check, counted again after an
         * erasure, dropped by a late play and then counted from the plays) equals a count by brute
         * force: at each moment a play starts (or the day does), the plays started by then and not
         * ended.
         */
        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#dailyPeriods")
        void peakStreamsEqualACountAtEveryStart(Duration period) throws SQLException {
            List<long[]> spans = Databases.rows(database, """
                    SELECT (extract(epoch FROM started_at) * 1000000)::bigint,
                           (extract(epoch FROM CASE WHEN ended_sec IS NULL THEN least('%s'::timestamptz, started_at + interval '1 day')
                                                    ELSE started_at + ended_sec * interval '1 second' END) * 1000000)::bigint
                      FROM playback_events""".formatted(NOW)).stream()
                    .map(row -> Stream.of(row.split(" \\| ")).mapToLong(Long::parseLong).toArray()).toList();
            Window window = Window.of(period, NOW, ZONE);
            List<String> expected = new ArrayList<>();
            for (LocalDate day = LocalDate.ofInstant(window.from(), ZONE); !day.isAfter(TODAY); day = day.plusDays(1)) {
                long dayStart = micros(day.atStartOfDay(ZONE).toInstant());
                long dayEnd = micros(day.plusDays(1).atStartOfDay(ZONE).toInstant());
                int peak = 0;
                Long at = null;
                for (long[] play : spans) {
                    if (play[0] >= dayEnd || play[1] <= dayStart) {
                        continue;
                    }
                    long t = Math.max(play[0], dayStart);
                    int going = 0;
                    for (long[] other : spans) {
                        if (other[0] <= t && other[1] > t) {
                            going++;
                        }
                    }
                    if (going > peak || (going == peak && going > 0 && t < at)) {
                        peak = going;
                        at = t;
                    }
                }
                expected.add(day + " | " + peak + " | " + (at == null ? null : Instant.EPOCH.plus(at, ChronoUnit.MICROS)));
            }

            assertThat(service.getPeakStreamsByDay(period).stream()
                    .map(day -> day.date() + " | " + day.streams() + " | " + day.at()).toList()).isEqualTo(expected);
        }

        /**
         * The server's year: its items and each library's top five, read from the per-item years,
         * its busiest hour and its last play equal plain SQL over the raw plays of the year's local
         * days (none has left the raw table), every per-item year equals the sums of its daily rows
         * and the server's years their items and hours, after the import past the writer (carried
         * in by the daily check), late plays and erasures.
         */
        @org.junit.jupiter.api.Test
        void serverYearEqualsPlainSql() throws SQLException {
            assertThat(Databases.yearsDiffering(database)).as("item-years that differ from their daily rows").isZero();
            store.changed();
            org.revenge.analytics.spi.YearInReview year = service.getYearInReview(TODAY.getYear());
            String local = "(started_at AT TIME ZONE '" + ZONE.getId() + "')";
            String ofYear = " FROM playback_events WHERE extract(year FROM " + local + ") = " + TODAY.getYear();
            assertThat(year.distinctItems()).isEqualTo(Databases.count(database, "SELECT count(DISTINCT (library_id, media_id))" + ofYear));
            assertThat(Databases.serverYearsDiffering(database)).as("server years that differ from their items and hours").isZero();
            assertThat(year.lastPlayAt()).isEqualTo(Instant.EPOCH.plus(
                    Databases.count(database, "SELECT (extract(epoch FROM max(started_at)) * 1000000)::bigint" + ofYear), ChronoUnit.MICROS));
            assertThat(year.busiestHour()).isEqualTo((int) Databases.count(database, "SELECT extract(hour FROM " + local + ")::int"
                    + ofYear + " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"));
            assertThat(render(year.topItems())).isEqualTo(Databases.rows(database, """
                    SELECT media_id, library_id, media_type, plays, completed, watch, 0, last
                      FROM (SELECT media_id, library_id, min(media_type) AS media_type, count(*) AS plays,
                                   count(*) FILTER (WHERE completed) AS completed, sum(duration_sec) AS watch,
                                   (extract(epoch FROM max(started_at)) * 1000000)::bigint AS last,
                                   row_number() OVER (PARTITION BY library_id
                                                      ORDER BY count(*) DESC, sum(duration_sec) DESC, media_id) AS rank
                            """ + ofYear + """
                             GROUP BY media_id, library_id) ranked
                     WHERE rank <= 5
                     ORDER BY library_id, plays DESC, watch DESC, media_id"""));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithPeriodsUpToDate extends Rankings {
        @Override
        void rollupState() {
            jobs.periods(TODAY.minusDays(1));
            morePlays(1);
            // one play today, of the top item: one distinct user fewer in every period that holds it
            erase(new UUID(9, 501));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithPeriodsTwoDaysBehind extends Rankings {
        @Override
        void rollupState() throws SQLException {
            Databases.execute(database, "DELETE FROM media_stats_period_state");
            jobs.periods(TODAY.minusDays(3));
            morePlays(2);
            erase(users.get(5));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutPeriods extends Rankings {
        @Override
        void rollupState() throws SQLException {
            Databases.execute(database, "DELETE FROM media_stats_period_state; DELETE FROM media_stats_period");
            morePlays(3);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Users {

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#userPeriods")
        void userStatsEqualPlainSql(Duration period) throws SQLException {
            for (UUID user : List.of(users.get(0), users.get(2), users.get(7), users.get(USERS - 1), new UUID(9, 999))) {
                UserStats stats = service.getUserStats(user, period);
                Window window = Window.of(period, NOW, ZONE);
                String plays = "FROM playback_events WHERE user_id = '" + user + "' AND started_at >= '" + window.from()
                        + "' AND started_at < '" + NOW + "'";

                assertThat(stats.from()).isEqualTo(window.from());
                assertThat(List.of(stats.plays(), stats.completedPlays(), stats.watchTimeSec(), stats.uniqueItems()))
                        .isEqualTo(Databases.rows(database, "SELECT count(*), count(*) FILTER (WHERE completed), "
                                + "coalesce(sum(duration_sec), 0), count(DISTINCT media_id) " + plays).stream()
                                .flatMap(row -> Stream.of(row.split(" \\| "))).map(Long::parseLong).toList());
                assertThat(stats.byDay().stream().map(day -> day.date() + " | " + day.plays() + " | " + day.completedPlays()
                        + " | " + day.watchTimeSec()).toList())
                        .isEqualTo(Databases.rows(database, "SELECT (started_at AT TIME ZONE '" + ZONE + "')::date, count(*), "
                                + "count(*) FILTER (WHERE completed), sum(duration_sec) " + plays + " GROUP BY 1 ORDER BY 1"));
            }
        }

        @ParameterizedTest(name = "limit {0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#limits")
        void recentlyWatchedEqualsPlainSql(int limit) throws SQLException {
            assertThat(Databases.userItemDaysDiffering(database, ZONE.getId())).as("user item days that differ from the plays")
                    .isZero();
            for (UUID user : List.of(users.get(0), users.get(20), new UUID(9, 999))) {
                List<MediaStats> recent = service.getRecentlyWatched(user, limit);

                assertThat(render(recent)).isEqualTo(Databases.rows(database, """
                        SELECT media_id, (array_agg(library_id ORDER BY started_at DESC))[1],
                               (array_agg(media_type ORDER BY started_at DESC))[1], count(*),
                               count(*) FILTER (WHERE completed), sum(duration_sec), 1,
                               (extract(epoch FROM max(started_at)) * 1000000)::bigint AS last
                          FROM playback_events WHERE user_id = '%s'
                         GROUP BY media_id ORDER BY last DESC, media_id LIMIT %d""".formatted(user, limit)));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#userPeriods")
        void activeUsersEqualPlainSql(Duration since) throws SQLException {
            assertThat(Databases.render(service.getActiveUsers(since)))
                    .isEqualTo(Databases.activeUsers(database, NOW.minus(since), NOW, NOW.minus(Duration.ofDays(1))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#userPeriods")
        void playsByDayEqualPlainSql(Duration period) throws SQLException {
            Window window = Window.of(period, NOW, ZONE);
            String localDay = "(started_at AT TIME ZONE '" + ZONE + "')::date";

            assertThat(service.getPlaysByDay(period).stream().filter(day -> day.plays() > 0)
                    .map(day -> day.date() + " | " + day.plays() + " | " + day.completedPlays() + " | " + day.watchTimeSec())
                    .toList())
                    .isEqualTo(Databases.rows(database, "SELECT " + localDay + ", count(*), count(*) FILTER (WHERE completed), "
                            + "sum(duration_sec) FROM playback_events WHERE started_at >= '" + window.from() + "' AND started_at < '"
                            + NOW + "' GROUP BY 1 ORDER BY 1"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#userPeriods")
        void weekdayHourHeatMapEqualsPlainSql(Duration period) throws SQLException {
            assertThat(Databases.breakdownSummaryDiffering(database)).as("the summary kept by triggers, after the import, "
                    + "the daily check, late plays and erasures").isZero();
            String local = "started_at AT TIME ZONE '" + ZONE + "'";

            assertThat(service.getPlaysByWeekdayAndHour(period).stream()
                    .map(cell -> cell.dayOfWeek().getValue() + " | " + cell.hour() + " | " + cell.plays() + " | " + cell.watchTimeSec())
                    .toList())
                    .isEqualTo(Databases.rows(database, "SELECT extract(isodow FROM " + local + ")::int, extract(hour FROM " + local
                            + ")::int, count(*), sum(duration_sec) " + windowOf(period) + " GROUP BY 1, 2 ORDER BY 1, 2"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#userPeriods")
        void clientTypesEqualPlainSql(Duration period) throws SQLException {
            assertThat(service.getClientTypes(period).stream()
                    .map(share -> share.clientType() + " | " + share.plays() + " | " + share.watchTimeSec() + " | " + share.users())
                    .toList())
                    .isEqualTo(Databases.rows(database, "SELECT coalesce(c.name, 'unknown') AS name, count(*) AS plays, "
                            + "sum(duration_sec), count(DISTINCT user_id) " + windowOf(period).replace("FROM playback_events",
                                    "FROM playback_events LEFT JOIN client_types c ON c.code = client_code")
                            + " GROUP BY 1 ORDER BY plays DESC, name"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#userPeriods")
        void completionRatesEqualPlainSql(Duration period) throws SQLException {
            assertThat(service.getCompletionRates(period).stream()
                    .map(rate -> (rate.mediaType() == null ? "null" : String.valueOf(code(rate.mediaType()))) + " | " + rate.plays()
                            + " | " + rate.completedPlays())
                    .toList())
                    .isEqualTo(Databases.rows(database, "SELECT media_type, count(*), count(*) FILTER (WHERE completed) "
                            + windowOf(period) + " GROUP BY GROUPING SETS ((), (media_type)) "
                            + "ORDER BY GROUPING(media_type) DESC, media_type"));
        }

        /** A user's own page: the items, heat map, completion and client types read in one pass, each as its own plain SQL. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("org.revenge.analytics.internal.service.QueryEqualityTest#userPeriods")
        void userPageFiguresEqualPlainSql(Duration period) throws SQLException {
            String local = "started_at AT TIME ZONE '" + ZONE + "'";
            for (UUID user : List.of(users.get(0), users.get(7), users.get(USERS - 1), new UUID(9, 999))) {
                String plays = windowOf(period) + " AND user_id = '" + user + "'";
                store.changed();
                for (int limit : new int[] {3, 1000}) {
                    assertThat(render(service.getUserMostWatched(user, period, limit))).as("most watched, limit %d", limit)
                            .isEqualTo(Databases.rows(database, """
                                    SELECT media_id, (array_agg(library_id ORDER BY started_at DESC))[1],
                                           (array_agg(media_type ORDER BY started_at DESC))[1], count(*) AS plays,
                                           count(*) FILTER (WHERE completed), sum(duration_sec) AS watch, 1,
                                           (extract(epoch FROM max(started_at)) * 1000000)::bigint
                                    %s GROUP BY media_id ORDER BY plays DESC, watch DESC, media_id LIMIT %d""".formatted(plays, limit)));
                }
                assertThat(service.getUserPlaysByWeekdayAndHour(user, period).stream()
                        .map(cell -> cell.dayOfWeek().getValue() + " | " + cell.hour() + " | " + cell.plays() + " | " + cell.watchTimeSec())
                        .toList()).as("heat map")
                        .isEqualTo(Databases.rows(database, "SELECT extract(isodow FROM " + local + ")::int, extract(hour FROM " + local
                                + ")::int, count(*), sum(duration_sec) " + plays + " GROUP BY 1, 2 ORDER BY 1, 2"));
                assertThat(service.getUserCompletionRates(user, period).stream()
                        .map(rate -> (rate.mediaType() == null ? "null" : String.valueOf(code(rate.mediaType()))) + " | " + rate.plays()
                                + " | " + rate.completedPlays())
                        .toList()).as("completion")
                        .isEqualTo(Databases.rows(database, "SELECT media_type, count(*), count(*) FILTER (WHERE completed) " + plays
                                + " GROUP BY GROUPING SETS ((), (media_type)) ORDER BY GROUPING(media_type) DESC, media_type"));
                assertThat(service.getUserClientTypes(user, period).stream()
                        .map(share -> share.clientType() + " | " + share.plays() + " | " + share.watchTimeSec() + " | " + share.users())
                        .toList()).as("client types")
                        .isEqualTo(Databases.rows(database, "SELECT coalesce(c.name, 'unknown') AS name, count(*) AS plays, "
                                + "sum(duration_sec), count(DISTINCT user_id) " + plays.replace("FROM playback_events",
                                        "FROM playback_events LEFT JOIN client_types c ON c.code = client_code")
                                + " GROUP BY 1 ORDER BY plays DESC, name"));
            }
        }

        @org.junit.jupiter.api.Test
        void systemTotalsEqualPlainSql() throws SQLException {
            var stats = service.getSystemStats();
            String today = "(started_at AT TIME ZONE '" + ZONE + "')::date";

            assertThat(List.of(stats.users(), stats.libraries(), stats.playsToday(), stats.plays7d(), stats.watchTimeSec7d()))
                    .isEqualTo(Databases.rows(database, "SELECT count(DISTINCT user_id), count(DISTINCT library_id), "
                            + "count(*) FILTER (WHERE " + today + " = '" + TODAY + "'), count(*) FILTER (WHERE " + today
                            + " >= '" + TODAY.minusDays(6) + "'), coalesce(sum(duration_sec) FILTER (WHERE " + today + " >= '"
                            + TODAY.minusDays(6) + "'), 0) FROM playback_events").stream()
                            .flatMap(row -> Stream.of(row.split(" \\| "))).map(Long::parseLong).toList());
        }
    }

    /** The FROM and WHERE of the raw plays of the window the service counts for {@code period}. */
    private static String windowOf(Duration period) {
        return "FROM playback_events WHERE started_at >= '" + Window.of(period, NOW, ZONE).from() + "' AND started_at < '" + NOW + "'";
    }

    static Stream<Arguments> trendingCases() {
        List<Arguments> all = new ArrayList<>();
        for (int library = 0; library < 3; library++) {
            for (int limit : new int[] {1, 7, 1000}) {
                all.add(Arguments.of(library, limit));
            }
        }
        return all.stream();
    }

    /**
     * Trending, counted from the plays at the call (no count) and read from the trending job's
     * count, equals plain SQL over the raw plays of the documented formula, as of the moment
     * counted, which the ranking's window names.
     */
    @ParameterizedTest(name = "library {0}, limit {1}")
    @MethodSource("trendingCases")
    void trendingEqualsPlainSql(int library, int limit) throws SQLException {
        Databases.execute(database, "DELETE FROM trending_count");
        store.changed();
        MediaRanking live = service.getTrending(libraries.get(library), limit);
        jobs.trending();
        store.changed();
        MediaRanking counted = service.getTrending(libraries.get(library), limit);

        Instant recentFrom = NOW.minus(Duration.ofDays(1));
        List<String> expected = Databases.rows(database, """
                WITH c AS (
                    SELECT media_id, count(*) FILTER (WHERE started_at >= '%2$s') AS recent,
                           count(*) FILTER (WHERE started_at < '%2$s') / 7::float8 AS baseline
                      FROM playback_events
                     WHERE library_id = '%1$s' AND started_at >= '%3$s' AND started_at < '%4$s'
                     GROUP BY media_id)
                SELECT p.media_id, p.library_id, min(p.media_type), count(*), count(*) FILTER (WHERE p.completed),
                       sum(p.duration_sec), count(DISTINCT p.user_id), (extract(epoch FROM max(p.started_at)) * 1000000)::bigint
                  FROM playback_events p JOIN c ON c.media_id = p.media_id
                 WHERE p.library_id = '%1$s' AND p.started_at >= '%2$s' AND p.started_at < '%4$s'
                   AND c.recent > 0 AND (c.recent - c.baseline) / sqrt(c.baseline + 1) > 0
                 GROUP BY p.media_id, p.library_id, c.recent, c.baseline
                 ORDER BY (c.recent - c.baseline) / sqrt(c.baseline + 1) DESC, c.recent DESC, p.media_id
                 LIMIT %5$d""".formatted(libraries.get(library), recentFrom, recentFrom.minus(Duration.ofDays(7)), NOW, limit));
        assertThat(expected).as("trending items in the fixture").isNotEmpty();
        assertThat(render(live.items())).isEqualTo(expected);
        assertThat(render(counted.items())).isEqualTo(expected);
        assertThat(List.of(counted.from(), counted.to())).containsExactly(recentFrom, NOW);
    }

    /** An erasure drops the trending count (it counted the user's plays); getTrending then counts from the plays. */
    @org.junit.jupiter.api.Test
    void erasureDropsTheTrendingCount() throws SQLException {
        jobs.trending();
        assertThat(Databases.count(database, "SELECT count(*) FROM trending_items")).isPositive();

        admin.eraseUser(new UUID(9, 999));

        assertThat(Databases.count(database, "SELECT count(*) FROM trending_items")).isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM trending_count")).isZero();
        store.changed();
        assertThat(service.getTrending(libraries.get(0), 5).items()).isNotEmpty();
    }

    /** Every table that docs/PRIVACY.md says an erasure clears of the user. */
    @org.junit.jupiter.api.Test
    void noRowNamesAnErasedUser() throws SQLException {
        assertThat(erased).isNotEmpty();
        for (UUID user : erased) {
            for (String table : List.of("playback_events", "user_activity_daily", "user_recency", "media_user_recency",
                    "user_client_recency", "playback_sessions", "user_year_keep", "user_year_summary", "user_year_days",
                    "user_year_hours", "user_year_items", "user_item_daily", "active_users_counted")) {
                assertThat(Databases.count(database, "SELECT count(*) FROM " + table + " WHERE user_id = '" + user + "'"))
                        .as(table).isZero();
            }
            assertThat(admin.getUserHistory(user, 10)).isEmpty();
        }
    }

    static Stream<Duration> userPeriods() {
        return Stream.of(Duration.ofHours(2), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(400));
    }

    static Stream<Integer> limits() {
        return Stream.of(1, 5, 1000);
    }

    /**
     * The reference ranking: plain SQL over the raw plays of the window the service reports, with
     * the documented order.
     */
    private List<String> expectedRanking(int library, Duration period, int limit, String order) throws SQLException {
        Window window = Window.of(period, NOW, ZONE);
        return Databases.rows(database, """
                SELECT media_id, library_id, min(media_type), count(*) AS plays, count(*) FILTER (WHERE completed),
                       sum(duration_sec) AS watch, count(DISTINCT user_id) AS users,
                       (extract(epoch FROM max(started_at)) * 1000000)::bigint
                  FROM playback_events
                 WHERE library_id = '%s' AND started_at >= '%s' AND started_at < '%s'
                 GROUP BY media_id, library_id
                 ORDER BY %s LIMIT %d""".formatted(libraries.get(library), window.from(), NOW, order, limit));
    }

    private static List<String> render(List<MediaStats> items) {
        return items.stream().map(item -> item.mediaId() + " | " + item.libraryId() + " | " + code(item.mediaType()) + " | "
                + item.plays() + " | " + item.completedPlays() + " | " + item.watchTimeSec() + " | " + item.distinctUsers()
                + " | " + ChronoUnit.MICROS.between(Instant.EPOCH, item.lastPlayedAt())).toList();
    }

    private static int code(MediaType type) {
        return type.ordinal() + 1;
    }
}
