package org.revenge.analytics.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.internal.store.PlayColumns;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.testing.MovingClock;

/** The jobs against a real PostgreSQL, each test on a database of its own. */
class JobRunnerTest {

    /** Midday, so that yesterday's aggregation (due at 03:00) is due. */
    static final Instant NOW = LocalDate.now(ZoneOffset.UTC).atTime(12, 7).toInstant(ZoneOffset.UTC);
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    DataSource database;
    AnalyticsStore store;
    Settings settings;

    @BeforeEach
    void database() throws Exception {
        database = Databases.migrated("jobs");
        store = AnalyticsStore.over(database);
        settings = settings(Map.of());
    }

    static Settings settings(Map<String, Object> overrides) {
        var values = new java.util.HashMap<String, Object>(Map.of("timezone", "UTC"));
        values.putAll(overrides);
        return Settings.from(TestConfigs.analytics(values));
    }

    JobRunner runner(String node) {
        return JobRunner.standalone(store, settings, clock, node);
    }

    /** Stores plays directly, as the writer does. */
    void plays(List<PlaybackEvent> plays) {
        Databases.storePlays(store, plays, settings.zone());
    }

    static List<PlaybackEvent> someDaysOfPlays(int days) {
        List<PlaybackEvent> plays = new ArrayList<>();
        UUID library = UUID.randomUUID();
        UUID[] media = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        UUID[] users = {UUID.randomUUID(), UUID.randomUUID()};
        for (int d = 1; d <= days; d++) {
            Instant dayStart = TODAY.minusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
            for (int i = 0; i < 7; i++) {
                Instant start = dayStart.plus(Duration.ofHours(3 * i));
                plays.add(new PlaybackEvent(UUID.randomUUID(), users[i % 2], media[i % 3], library, MediaType.EPISODE,
                        start, start.plusSeconds(1000), 600 + i, i % 2 == 0, "web"));
            }
        }
        return plays;
    }

    @Test
    void theWriterKeepsEachDaysRollupsEqualToPlainSqlSoTheCheckWritesNothing() throws Exception {
        plays(someDaysOfPlays(2));
        LocalDate day = TODAY.minusDays(1);

        assertRollupsMatchRawPlays(day);
        assertThat(runner("a").aggregate(day, settings).summary()).isEqualTo("0 media rows, 0 user rows and 0 breakdown rows repaired");
        assertThat(runner("a").aggregate(day, settings).summary()).isEqualTo("0 media rows, 0 user rows and 0 breakdown rows repaired");
    }

    /**
     * The check's two passes run side by side, each under the lock of its own tables: a pass that
     * cannot have its lock in time fails the check with its own error, the other pass still ends and
     * keeps its repair, and the next run finds the day exact.
     */
    @Test
    void aPassThatCannotLockItsTablesFailsTheCheckWhileTheOtherEnds() throws Exception {
        plays(someDaysOfPlays(2));
        LocalDate day = TODAY.minusDays(1);
        String hours = "SELECT count(*) FROM play_breakdown_daily WHERE day = '" + day + "'";
        long stored = Databases.count(database, hours);
        Databases.execute(database, "DELETE FROM play_breakdown_daily WHERE day = '" + day + "'");
        try (Connection holder = database.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE user_client_recency IN ACCESS EXCLUSIVE MODE");
            }
            assertThatThrownBy(() -> runner("a").aggregate(day, settings)).hasStackTraceContaining("lock timeout");
            holder.rollback();
        }

        assertThat(Databases.count(database, hours)).as("the items' pass rebuilt the day's hours").isEqualTo(stored);
        assertThat(runner("a").aggregate(day, settings).summary()).isEqualTo("0 media rows, 0 user rows and 0 breakdown rows repaired");
    }

    @Test
    void theCheckRepairsPlaysThatCameAnotherWayAndCarriesTheRepairIntoThePeriods() throws Exception {
        plays(someDaysOfPlays(3));
        LocalDate day = TODAY.minusDays(2);
        runner("a").periods(TODAY.minusDays(1));
        String week = "SELECT sum(play_count) FROM media_stats_period WHERE span_days = 6";
        long before = Databases.count(database, week);
        // an import straight into the table, past the writer: two plays of a new item, one of a known one
        String known = "(SELECT media_id FROM media_stats_daily WHERE day = '" + day + "' ORDER BY media_id LIMIT 1)";
        Databases.execute(database, "INSERT INTO playback_events (started_at, user_id, media_id, library_id, duration_sec, "
                + "ended_sec, media_type, completed) SELECT '" + day + "T21:00Z'::timestamptz + g * interval '1 minute', "
                + "gen_random_uuid(), '00000000-0000-0000-0000-00000000000a', (SELECT library_id FROM media_stats_daily LIMIT 1), "
                + "100, 100, 1, false FROM generate_series(1, 2) g");
        Databases.execute(database, "INSERT INTO playback_events (started_at, user_id, media_id, library_id, duration_sec, "
                + "ended_sec, media_type, completed) SELECT '" + day + "T22:00Z', gen_random_uuid(), " + known
                + ", (SELECT library_id FROM media_stats_daily LIMIT 1), 50, 50, 1, true");

        // breakdown rows: the hours' (two new, one changed), the client's users, and the day's row of unknown play method
        assertThat(runner("a").aggregate(day, settings).summary()).isEqualTo("2 media rows, 3 user rows and 6 breakdown rows repaired");

        assertRollupsMatchRawPlays(day);
        assertThat(Databases.count(database, week)).isEqualTo(before + 3);
        assertThat(runner("a").aggregate(day, settings).summary()).isEqualTo("0 media rows, 0 user rows and 0 breakdown rows repaired");
    }

    @Test
    void theCheckDeletesAUsersDayThatThePlaysNoLongerSupport() throws Exception {
        plays(someDaysOfPlays(2));
        LocalDate day = TODAY.minusDays(1);
        // plays removed past the writer and the erasure: the user's day has nothing left under it
        Databases.execute(database, "DELETE FROM playback_events WHERE user_id = (SELECT min(user_id::text)::uuid "
                + "FROM user_activity_daily WHERE day = '" + day + "') AND started_at >= '" + day + "T00:00Z' AND started_at < '"
                + day.plusDays(1) + "T00:00Z'");

        assertThat(runner("a").aggregate(day, settings).summary()).contains("1 user rows");

        assertRollupsMatchRawPlays(day);
        assertThat(Databases.count(database, "SELECT count(*) FROM user_activity_daily WHERE day = '" + day + "'")).isOne();
    }

    /**
     * The check names each play's local hour without converting every start to the zone on a day
     * whose offset does not change; on the days it does, and in zones offset by half and three
     * quarters of an hour, it must still find exactly the hours the writer counted.
     */
    @Test
    void theCheckFindsTheWritersHoursOnDaysThatChangeTheirOffsetAndInZonesOffByPartsOfAnHour() throws Exception {
        Map<String, List<LocalDate>> days = Map.of(
                "Europe/Berlin", List.of(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 24), LocalDate.of(2026, 10, 25)),
                "Asia/Kathmandu", List.of(LocalDate.of(2026, 10, 25)),
                "America/St_Johns", List.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)),
                "Australia/Lord_Howe", List.of(LocalDate.of(2026, 4, 5), LocalDate.of(2026, 10, 4)));
        for (Map.Entry<String, List<LocalDate>> zone : days.entrySet()) {
            database = Databases.migrated("jobs");
            store = AnalyticsStore.over(database);
            settings = settings(Map.of("timezone", zone.getKey()));
            java.time.ZoneId zoneId = java.time.ZoneId.of(zone.getKey());
            List<PlaybackEvent> plays = new ArrayList<>();
            UUID library = UUID.randomUUID();
            for (LocalDate day : zone.getValue()) {
                // a play every 7 minutes from an hour before the local day to an hour after it
                Instant end = day.plusDays(1).atStartOfDay(zoneId).toInstant().plus(Duration.ofHours(1));
                int i = 0;
                for (Instant start = day.atStartOfDay(zoneId).toInstant().minus(Duration.ofHours(1)); start.isBefore(end);
                        start = start.plus(Duration.ofMinutes(7)), i++) {
                    plays.add(new PlaybackEvent(UUID.randomUUID(), new UUID(0, i % 5), new UUID(1, i % 11), library,
                            MediaType.EPISODE, start, start.plusSeconds(400), 300 + i % 50, i % 3 == 0, i % 2 == 0 ? "web" : "ios"));
                }
            }
            plays(plays);
            for (LocalDate day : zone.getValue()) {
                assertThat(runner("a").aggregate(day, settings).summary()).as(zone.getKey() + " " + day)
                        .isEqualTo("0 media rows, 0 user rows and 0 breakdown rows repaired");
                String raw = "FROM playback_events WHERE started_at >= '" + day.atStartOfDay(zoneId).toInstant()
                        + "' AND started_at < '" + day.plusDays(1).atStartOfDay(zoneId).toInstant() + "'";
                assertThat(Databases.rows(database, "SELECT hour, client_code, media_type, play_count, completed_count, "
                        + "watch_time_sec FROM play_breakdown_daily WHERE day = '" + day + "' ORDER BY 1, 2, 3"))
                        .as(zone.getKey() + " " + day)
                        .isEqualTo(Databases.rows(database, "SELECT extract(hour FROM started_at AT TIME ZONE '" + zone.getKey()
                                + "')::int, client_code, media_type, count(*), count(*) FILTER (WHERE completed), "
                                + "sum(duration_sec) " + raw + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
                // the same hours when the check builds the day from the raw plays, as after an import
                Databases.execute(database, "DELETE FROM play_breakdown_daily WHERE day = '" + day + "'");
                assertThat(runner("a").aggregate(day, settings).summary()).as(zone.getKey() + " " + day).doesNotContain(
                        " 0 breakdown rows");
                assertThat(runner("a").aggregate(day, settings).summary()).as(zone.getKey() + " " + day)
                        .isEqualTo("0 media rows, 0 user rows and 0 breakdown rows repaired");
            }
        }
    }

    /** Each rollup of the day against plain SQL over the raw plays. */
    private void assertRollupsMatchRawPlays(LocalDate day) throws Exception {
        String raw = "FROM playback_events WHERE started_at >= '" + day + "T00:00Z' AND started_at < '" + day.plusDays(1) + "T00:00Z'";
        assertThat(Databases.count(database, "SELECT count(*) FROM (SELECT library_id, media_id, count(*), "
                + "count(*) FILTER (WHERE completed), sum(duration_sec), max(started_at) " + raw + " GROUP BY 1, 2 "
                + "EXCEPT SELECT library_id, media_id, play_count, completed_count, watch_time_sec, last_played_at "
                + "FROM media_stats_daily WHERE day = '" + day + "') differing")).isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM media_stats_daily WHERE day = '" + day + "'"))
                .isEqualTo(Databases.count(database, "SELECT count(DISTINCT (library_id, media_id)) " + raw));
        assertThat(Databases.rows(database, "SELECT library_id, play_count, completed_count, watch_time_sec "
                + "FROM library_activity_daily WHERE day = '" + day + "' ORDER BY 1"))
                .isEqualTo(Databases.rows(database, "SELECT library_id, count(*), count(*) FILTER (WHERE completed), "
                        + "sum(duration_sec) " + raw + " GROUP BY 1 ORDER BY 1"));
        assertThat(Databases.count(database, "SELECT count(*) FROM (SELECT user_id, count(*), count(*) FILTER (WHERE completed), "
                + "sum(duration_sec), count(DISTINCT media_id) " + raw + " GROUP BY 1 EXCEPT SELECT user_id, play_count, "
                + "completed_count, watch_time_sec, unique_items FROM user_activity_daily WHERE day = '" + day + "') differing"))
                .isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM (SELECT DISTINCT library_id, media_id, user_id " + raw
                + " EXCEPT SELECT library_id, media_id, user_id FROM media_user_recency WHERE last_day >= '" + day + "') missing"))
                .isZero();
        assertThat(Databases.rows(database, "SELECT hour, client_code, media_type, play_count, completed_count, watch_time_sec "
                + "FROM play_breakdown_daily WHERE day = '" + day + "' ORDER BY 1, 2, 3"))
                .isEqualTo(Databases.rows(database, "SELECT extract(hour FROM started_at AT TIME ZONE 'UTC')::int, client_code, "
                        + "media_type, count(*), count(*) FILTER (WHERE completed), sum(duration_sec) " + raw
                        + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
        assertThat(Databases.count(database, "SELECT count(*) FROM (SELECT DISTINCT client_code, user_id " + raw
                + " EXCEPT SELECT client_code, user_id FROM user_client_recency WHERE last_day >= '" + day + "') missing"))
                .isZero();
        assertThat(Databases.playMethodDaysDiffering(database, "UTC")).isZero();
        assertThat(Databases.breakdownSummaryDiffering(database)).isZero();
    }

    @Test
    void thePeriodsEqualTheSumOfTheirDaysAndMovingOnEqualsSummingAgain() throws Exception {
        plays(someDaysOfPlays(12));
        JobRunner runner = runner("a");
        String sums = "SELECT span_days, library_id, media_id, play_count, completed_count, watch_time_sec FROM media_stats_period";

        runner.periods(TODAY.minusDays(3));
        assertThat(runner.periods(TODAY.minusDays(3)).summary()).isEqualTo("already up to date");
        assertThat(runner.periods(TODAY.minusDays(1)).summary()).contains("6 days moved on", "all time moved on");
        List<String> movedOn = Databases.rows(database, sums + " ORDER BY 1, 2, 3");
        Databases.execute(database, "DELETE FROM media_stats_period_state");
        assertThat(runner.periods(TODAY.minusDays(1)).summary()).contains("6 days summed");

        assertThat(Databases.rows(database, sums + " ORDER BY 1, 2, 3")).isEqualTo(movedOn);
        for (int span : new int[] {6, 29}) {
            assertThat(Databases.count(database, "SELECT count(*) FROM (SELECT library_id, media_id, sum(play_count), "
                    + "sum(watch_time_sec) FROM media_stats_daily WHERE day BETWEEN '" + TODAY.minusDays(span) + "' AND '"
                    + TODAY.minusDays(1) + "' GROUP BY 1, 2 EXCEPT SELECT library_id, media_id, play_count, watch_time_sec "
                    + "FROM media_stats_period WHERE span_days = " + span + ") differing")).isZero();
        }
    }

    @Test
    void aTickCatchesUpEveryMissedDayAndCreatesPartitionsAhead() throws Exception {
        plays(someDaysOfPlays(5));

        List<JobRun> ran = runner("a").tick();

        assertThat(ran).extracting(JobRun::kind)
                .containsOnly(JobRunner.PARTITIONS, JobRunner.CLEANUP, JobRunner.AGGREGATE, JobRunner.PERIODS, JobRunner.COMPACT,
                        JobRunner.TRENDING, JobRunner.PEAKS, JobRunner.ACTIVE_USERS);
        // the day before the first partition's is looked at too: in a zone west of UTC it may hold plays
        assertThat(ran).filteredOn(run -> run.kind().equals(JobRunner.AGGREGATE)).extracting(JobRun::runKey)
                .containsExactlyInAnyOrder(days(6));
        assertThat(Databases.count(database, "SELECT count(DISTINCT day) FROM media_stats_daily")).isEqualTo(5);
        assertThat(Databases.count(database, "SELECT count(*) FROM pg_class WHERE relname = 'playback_events_p"
                + TODAY.plusDays(7).toString().replace("-", "") + "'")).isEqualTo(1);
        assertThat(runner("a").tick()).as("nothing is due twice").isEmpty();
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_job WHERE state <> 'completed'")).isZero();
    }

    @Test
    void compactingAFinishedDayKeepsEveryPlayAndShrinksItsKey() throws Exception {
        plays(manyPlaysOfOneDay(TODAY.minusDays(3), 20_000));
        String partition = "playback_events_p" + TODAY.minusDays(3).toString().replace("-", "");
        String everything = "SELECT user_id, started_at, media_id, duration_sec, completed FROM " + partition + " ORDER BY 1, 2";
        List<String> before = Databases.rows(database, everything);
        // the key alone: the index in start order is written in order already, and compaction leaves it as it is
        String keySize = "SELECT pg_relation_size(indexrelid) FROM pg_index WHERE indrelid = '" + partition + "'::regclass AND indisprimary";
        long keyBefore = Databases.count(database, keySize);

        assertThat(runner("a").compact(TODAY.minusDays(3)).summary()).isEqualTo("partition of 20000 plays rewritten");
        assertThat(runner("a").compact(TODAY.minusDays(300)).summary()).isEqualTo("no partition for that day");

        assertThat(Databases.rows(database, everything)).isEqualTo(before);
        assertThat(Databases.count(database, keySize)).isLessThan(keyBefore * 4 / 5);
        // now in user order, a few minutes of the day's plays (a page of them, PrivacyMapper.playPage) are
        // found through the index on the minute they started
        Instant six = TODAY.minusDays(3).atTime(6, 0).toInstant(ZoneOffset.UTC);
        Instant end = six.plus(Duration.ofMinutes(5));
        String page = "SELECT user_id, started_at FROM playback_events WHERE started_at >= '" + six + "' AND started_at < '" + end
                + "' AND date_trunc('minute', started_at AT TIME ZONE 'UTC') BETWEEN date_trunc('minute', timestamptz '" + six
                + "' AT TIME ZONE 'UTC') AND date_trunc('minute', timestamptz '" + end + "' AT TIME ZONE 'UTC')"
                + " ORDER BY started_at, user_id LIMIT 50";
        assertThat(Databases.rows(database, "EXPLAIN " + page)).anyMatch(line -> line.contains(partition + "_minute"));
        assertThat(Databases.rows(database, page)).hasSize(50);
    }

    /** Plays of many users in start order, as they arrive: the key, which leads with the user, fills its pages loosely. */
    static List<PlaybackEvent> manyPlaysOfOneDay(LocalDate day, int count) {
        List<PlaybackEvent> plays = new ArrayList<>();
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < count; i++) {
            Instant at = start.plusMillis(i * 4_000L);
            plays.add(new PlaybackEvent(UUID.randomUUID(), new UUID(5, i % 500), new UUID(6, i % 3000), new UUID(7, 1),
                    MediaType.TRACK, at, at.plusSeconds(200), 180, i % 2 == 0, "web"));
        }
        return plays;
    }

    @Test
    void twoSchedulersOnOneDatabaseRunEachDayOnce() throws Exception {
        plays(someDaysOfPlays(20));
        JobRunner a = runner("node-a");
        JobRunner b = runner("node-b");

        CompletableFuture<List<JobRun>> first = CompletableFuture.supplyAsync(a::tick);
        CompletableFuture<List<JobRun>> second = CompletableFuture.supplyAsync(b::tick);
        List<JobRun> all = new ArrayList<>(first.get());
        all.addAll(second.get());

        assertThat(all).extracting(run -> run.kind() + "/" + run.runKey()).doesNotHaveDuplicates();
        assertThat(all).filteredOn(run -> run.kind().equals(JobRunner.AGGREGATE)).hasSize(21);
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_job WHERE attempt <> 1 OR state <> 'completed'"))
                .isZero();
    }

    @Test
    void retentionDropsOldPartitionsAndKeepsTheirAggregates() throws Exception {
        plays(someDaysOfPlays(12));
        settings = settings(Map.of("retention.raw.days", 5));
        LocalDate old = TODAY.minusDays(10);
        runner("a").aggregate(old, settings);

        runner("a").tick();

        assertThat(Databases.count(database, "SELECT count(*) FROM pg_class WHERE relname = 'playback_events_p"
                + old.toString().replace("-", "") + "'")).isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM playback_events WHERE started_at < '"
                + TODAY.minusDays(6) + "T00:00Z'")).isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM playback_events WHERE started_at >= '"
                + TODAY.minusDays(4) + "T00:00Z'")).isEqualTo(4 * 7);
        assertThat(Databases.count(database, "SELECT sum(play_count) FROM media_stats_daily WHERE day = '" + old + "'"))
                .isEqualTo(7);
        assertThat(Databases.userItemDaysDiffering(database, settings.zone().getId()))
                .as("the dropped plays left the user item days, the others are there").isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM user_item_daily")).isPositive();
    }

    /**
     * The trending job: due once per 5-minute slot, it counts every library's trending items as of
     * now; retention drops a count that counted plays older than the raw plays kept, and the job
     * forgets its own runs older than a day.
     */
    @Test
    void theTrendingJobCountsEverySlotAndRetentionExpiresAnOldCount() throws Exception {
        List<PlaybackEvent> plays = new ArrayList<>(someDaysOfPlays(3));
        UUID library = plays.get(0).libraryId();
        UUID rising = UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            Instant start = NOW.minus(Duration.ofHours(1 + i));
            plays.add(new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), rising, library, MediaType.EPISODE, start,
                    start.plusSeconds(100), 90, true, "web"));
        }
        plays(plays);
        Databases.execute(database, "INSERT INTO analytics_job (kind, run_key, state, scheduled_at, started_at, finished_at) VALUES "
                + "('analytics.trending', '2020-01-01T00:00:00Z', 'completed', now(), now(), '" + NOW.minus(Duration.ofDays(2)) + "')");

        assertThat(runner("a").tick()).filteredOn(run -> run.kind().equals(JobRunner.TRENDING)).singleElement()
                .satisfies(run -> assertThat(run.runKey()).isEqualTo(LocalDate.ofInstant(NOW, ZoneOffset.UTC).atTime(12, 5)
                        .toInstant(ZoneOffset.UTC).toString()));
        assertThat(runner("a").tick()).as("once per slot").isEmpty();

        assertThat(Databases.rows(database, "SELECT media_id, plays FROM trending_items WHERE rank = 1")).containsExactly(rising + " | 4");
        assertThat(Databases.count(database, "SELECT count(*) FROM trending_count WHERE counted_at = '" + NOW + "'")).isEqualTo(1);
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_job WHERE run_key = '2020-01-01T00:00:00Z'"))
                .as("a run of the kind older than a day is forgotten").isZero();

        // with 5 days of raw plays kept, a count of the last 8 days counted plays that retention drops
        settings = settings(Map.of("retention.raw.days", 5));
        runner("a").runNow(JobRunner.CLEANUP);
        runner("a").tick();
        // runNow also wakes its own runner, whose tick may be the one that takes the run
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> Databases.count(database, "SELECT count(*) FROM analytics_job WHERE kind = 'analytics.cleanup' AND state <> 'completed'") == 0);
        assertThat(Databases.count(database, "SELECT count(*) FROM trending_count")).isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM trending_items")).isZero();
    }

    @Test
    void retentionTakesTheDailyRowsItDeletesOutOfTheirYears() throws Exception {
        plays(someDaysOfPlays(2));
        UUID library = UUID.randomUUID();
        UUID[] items = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        // an item with only days past the daily retention (365 days), one with days on both sides of it, one
        // with days on both sides within one year
        Databases.execute(database, "INSERT INTO media_stats_daily (library_id, day, media_id, watch_time_sec, last_played_at,"
                + " play_count, completed_count, media_type) VALUES"
                + row(library, items[0], TODAY.minusDays(400), 3) + "," + row(library, items[0], TODAY.minusDays(390), 1) + ","
                + row(library, items[1], TODAY.minusDays(380), 2) + "," + row(library, items[1], TODAY.minusDays(20), 5) + ","
                + row(library, items[2], TODAY.withDayOfYear(1).minusDays(1), 4) + ","
                + row(library, items[2], TODAY.withDayOfYear(1).minusDays(370), 6));
        // the years as the changeset fills them from the daily rows
        Databases.execute(database, "DELETE FROM media_stats_yearly; INSERT INTO media_stats_yearly SELECT extract(year FROM day),"
                + " library_id, media_id, sum(watch_time_sec), max(last_played_at), sum(play_count), sum(completed_count),"
                + " min(media_type) FROM media_stats_daily GROUP BY 1, 2, 3");
        // and the server's years as 1.2.0-020 fills them from those
        Databases.execute(database, "DELETE FROM server_years; INSERT INTO server_years SELECT year, count(*),"
                + " max(last_played_at) FROM media_stats_yearly WHERE play_count > 0 GROUP BY year");
        assertThat(Databases.yearsDiffering(database)).isZero();
        assertThat(Databases.serverYearsDiffering(database)).isZero();
        long itemsBefore = Databases.count(database, "SELECT count(*) FROM server_years");
        // a day of breakdowns past the retention: its summary (kept by triggers) goes with it
        Databases.execute(database, "INSERT INTO play_breakdown_daily (day, hour, client_code, media_type, play_count,"
                + " completed_count, watch_time_sec) VALUES ('" + TODAY.minusDays(400) + "', 3, 1, 1, 2, 1, 100)");
        assertThat(Databases.count(database, "SELECT count(*) FROM play_breakdown_summary WHERE day = '" + TODAY.minusDays(400) + "'"))
                .isEqualTo(3);

        cleanUpNow();

        assertThat(Databases.count(database, "SELECT count(*) FROM media_stats_daily WHERE day < '" + TODAY.minusDays(365) + "'"))
                .isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM media_stats_yearly WHERE media_id = '" + items[0] + "'"))
                .as("an item-year left without daily rows goes").isZero();
        assertThat(Databases.yearsDiffering(database)).as("item-years that differ from their daily rows").isZero();
        assertThat(Databases.serverYearsDiffering(database)).as("server years that differ from their items and hours").isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM server_years")).as("a year left without items goes")
                .isLessThan(itemsBefore);
        assertThat(Databases.count(database, "SELECT count(*) FROM play_breakdown_summary WHERE day < '" + TODAY.minusDays(365) + "'"))
                .isZero();
        assertThat(Databases.breakdownSummaryDiffering(database)).isZero();
    }

    /**
     * Asks for the retention job and runs the due jobs until none is left: the runner's own thread
     * (woken by runNow) and this one share them out, so both ticks must have ended before a check.
     */
    private void cleanUpNow() throws InterruptedException {
        JobRunner jobs = runner("a");
        jobs.runNow(JobRunner.CLEANUP);
        jobs.tick();
        jobs.stop();
    }

    private static String row(UUID library, UUID item, LocalDate day, int plays) {
        return "('" + library + "', '" + day + "', '" + item + "', " + 100 * plays + ", '" + day + "T12:00Z', " + plays + ", "
                + plays / 2 + ", 1)";
    }

    @Test
    void retentionForgetsTheUsersWhoseLastPlayIsOlderThanTheDailyRollups() throws Exception {
        plays(someDaysOfPlays(2));
        java.util.UUID gone = java.util.UUID.randomUUID();
        Databases.execute(database, "INSERT INTO user_recency (user_id, last_day) VALUES ('" + gone + "', '"
                + TODAY.minusDays(400) + "')");
        long recent = Databases.count(database, "SELECT count(*) FROM user_recency WHERE last_day >= '" + TODAY.minusDays(2) + "'");

        cleanUpNow();

        assertThat(Databases.count(database, "SELECT count(*) FROM user_recency WHERE user_id = '" + gone + "'")).isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM user_recency")).isEqualTo(recent).isPositive();
    }

    @Test
    void aFinishedDayWaitsForTheSchedule() throws Exception {
        plays(someDaysOfPlays(1));
        JobRunner early = JobRunner.standalone(store, settings, Clock.fixed(TODAY.atTime(2, 59).toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC), "a");

        String yesterday = JobRunner.AGGREGATE + "/" + TODAY.minusDays(1);
        assertThat(early.tick()).extracting(run -> run.kind() + "/" + run.runKey()).doesNotContain(yesterday);
        assertThat(runner("a").tick()).extracting(run -> run.kind() + "/" + run.runKey()).contains(yesterday);
    }

    @Test
    void aLatePlayOnAFinishedDayIsInItsRollupAndItsPeriodsAtOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path journal)
            throws Exception {
        plays(someDaysOfPlays(3));
        runner("a").tick();
        LocalDate day = TODAY.minusDays(2);
        String plays = "SELECT sum(play_count) FROM media_stats_daily WHERE day = '" + day + "'";
        String week = "SELECT sum(play_count) FROM media_stats_period WHERE span_days = 6";
        assertThat(Databases.count(database, plays)).isEqualTo(7);
        assertThat(Databases.count(database, week)).isEqualTo(21);

        var pipeline = new org.revenge.analytics.internal.ingest.IngestPipeline(settings, journal, clock);
        try {
            pipeline.bindStore(store);
            Instant late = day.atTime(20, 0).toInstant(ZoneOffset.UTC);
            pipeline.record(new org.revenge.analytics.internal.ingest.Signal.DirectPlay(new PlaybackEvent(UUID.randomUUID(),
                    UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, late, late.plusSeconds(900),
                    800, true, null)));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);
        } finally {
            pipeline.close();
        }

        assertThat(Databases.count(database, plays)).isEqualTo(8);
        assertThat(Databases.count(database, week)).isEqualTo(22);
        assertThat(runner("a").aggregate(day, settings).summary()).isEqualTo("0 media rows, 0 user rows and 0 breakdown rows repaired");
    }

    @Test
    void theJobHistoryShowsEachRunWithItsRowsAndOutcome(@org.junit.jupiter.api.io.TempDir java.nio.file.Path journal)
            throws Exception {
        plays(someDaysOfPlays(2));
        runner("a").tick();

        var pipeline = new org.revenge.analytics.internal.ingest.IngestPipeline(settings, journal, clock);
        try {
            var service = new org.revenge.analytics.internal.service.LocalAnalyticsService(store, pipeline, settings, clock);
            List<JobRun> history = service.getJobHistory(1000);

            assertThat(history).hasSize((int) Databases.count(database, "SELECT count(*) FROM analytics_job"));
            assertThat(history).allSatisfy(run -> {
                assertThat(run.state()).isEqualTo("completed");
                assertThat(run.startedAt()).isNotNull();
                assertThat(run.finishedAt()).isNotNull();
                assertThat(run.rows()).isNotNull();
                assertThat(run.outcome()).isNotBlank();
            });
            assertThat(history).filteredOn(run -> run.kind().equals(JobRunner.PARTITIONS)).singleElement()
                    .satisfies(run -> assertThat(run.rows()).isEqualTo(8L))
                    .satisfies(run -> assertThat(run.outcome()).isEqualTo("8 partitions created"));
            assertThat(service.getJobHistory(2)).hasSize(2);
            assertThatThrownBy(() -> service.getJobHistory(0)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("limit");
        } finally {
            pipeline.close();
        }
    }

    @Test
    void theJobsThatHoldTheWriterUpWaitWhileRecordingIsBehindAndRunOnceItHasCaughtUp() throws Exception {
        plays(someDaysOfPlays(3));
        Duration[] lag = {JobRunner.RECORDING_BEHIND.plusSeconds(1)};
        JobRunner runner = new JobRunner(store, settings, clock, "a", PartitionChanges.defaultPauses(), () -> lag[0]);

        assertThat(runner.tick()).as("recording 11 s behind").extracting(JobRun::kind)
                .containsOnly(JobRunner.PARTITIONS, JobRunner.TRENDING, JobRunner.PEAKS, JobRunner.ACTIVE_USERS);
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_job WHERE state = 'available' AND kind IN ('"
                + String.join("', '", JobRunner.AGGREGATE, JobRunner.COMPACT, JobRunner.PERIODS, JobRunner.CLEANUP) + "')"))
                .as("queued, waiting").isGreaterThanOrEqualTo(4);

        lag[0] = JobRunner.RECORDING_BEHIND;
        assertThat(runner.tick()).as("caught up").extracting(JobRun::kind)
                .containsOnly(JobRunner.AGGREGATE, JobRunner.COMPACT, JobRunner.PERIODS, JobRunner.CLEANUP)
                .contains(JobRunner.AGGREGATE, JobRunner.COMPACT, JobRunner.PERIODS, JobRunner.CLEANUP);
    }

    @Test
    void theJobsThatHoldTheWriterUpWaitForRecordingFifteenMinutesAtMost() throws Exception {
        plays(someDaysOfPlays(3));
        MovingClock moving = new MovingClock(NOW);
        JobRunner runner = new JobRunner(store, settings, moving, "a", PartitionChanges.defaultPauses(), () -> Duration.ofHours(1));
        List<String> waiting = List.of(JobRunner.AGGREGATE, JobRunner.COMPACT, JobRunner.PERIODS, JobRunner.CLEANUP);

        assertThat(runner.tick()).extracting(JobRun::kind).doesNotContainAnyElementsOf(waiting);
        moving.set(NOW.plus(JobRunner.YIELD_AT_MOST).minusSeconds(1));
        assertThat(runner.tick()).as("a second short of 15 minutes").extracting(JobRun::kind).doesNotContainAnyElementsOf(waiting);
        moving.set(NOW.plus(JobRunner.YIELD_AT_MOST));
        assertThat(runner.tick()).as("15 minutes on, still behind").extracting(JobRun::kind).containsAll(waiting);
    }

    @Test
    void nothingRunsWhileDisabled() throws Exception {
        plays(someDaysOfPlays(2));
        settings = settings(Map.of("enabled", false));

        assertThat(runner("a").tick()).isEmpty();
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_job")).isZero();
    }

    private static String[] days(int count) {
        String[] days = new String[count];
        for (int d = 1; d <= count; d++) {
            days[d - 1] = TODAY.minusDays(d).toString();
        }
        return days;
    }
}
