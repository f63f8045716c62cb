package org.revenge.analytics.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;

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
        store = new AnalyticsStore(database);
        settings = settings(Map.of());
    }

    static Settings settings(Map<String, Object> overrides) {
        var values = new java.util.HashMap<String, Object>(Map.of("timezone", "UTC"));
        values.putAll(overrides);
        return Settings.from(TestConfigs.analytics(values));
    }

    JobRunner runner(String node) {
        return new JobRunner(store, settings, clock, node);
    }

    /** Stores plays directly, as the writer does. */
    void plays(List<PlaybackEvent> plays) {
        for (PlaybackEvent play : plays) {
            store.write("partition", PlaybackMapper.class,
                    m -> m.ensurePartition(LocalDate.ofInstant(play.startedAt(), ZoneOffset.UTC)));
        }
        store.write("plays", PlaybackMapper.class, m -> m.upsertPlays(new PlayColumns(plays)));
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
    void aDaysRollupEqualsPlainSqlOverTheRawPlaysAndARerunWritesNothing() throws Exception {
        plays(someDaysOfPlays(2));
        LocalDate day = TODAY.minusDays(1);
        String raw = "FROM playback_events WHERE started_at >= '" + day + "T00:00Z' AND started_at < '" + day.plusDays(1) + "T00:00Z'";

        String first = runner("a").aggregate(day, settings);
        String second = runner("a").aggregate(day, settings);

        assertThat(first).isEqualTo("3 media rows and 2 user rows changed");
        assertThat(second).isEqualTo("0 media rows and 0 user rows changed");
        assertThat(Databases.count(database, "SELECT sum(play_count) FROM media_stats_daily WHERE day = '" + day + "'"))
                .isEqualTo(Databases.count(database, "SELECT count(*) " + raw));
        assertThat(Databases.count(database, "SELECT sum(watch_time_sec) FROM user_activity_daily WHERE day = '" + day + "'"))
                .isEqualTo(Databases.count(database, "SELECT sum(duration_sec) " + raw));
        assertThat(Databases.count(database, "SELECT sum(distinct_users) FROM media_stats_daily WHERE day = '" + day + "'"))
                .isEqualTo(Databases.count(database, "SELECT sum(u) FROM (SELECT count(DISTINCT user_id) u " + raw
                        + " GROUP BY media_id) x"));
    }

    @Test
    void aTickCatchesUpEveryMissedDayAndCreatesPartitionsAhead() throws Exception {
        plays(someDaysOfPlays(5));

        List<JobRun> ran = runner("a").tick();

        assertThat(ran).extracting(JobRun::kind).containsOnly(JobRunner.PARTITIONS, JobRunner.CLEANUP, JobRunner.AGGREGATE);
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
    }

    @Test
    void aFinishedDayWaitsForTheSchedule() throws Exception {
        plays(someDaysOfPlays(1));
        JobRunner early = new JobRunner(store, settings, Clock.fixed(TODAY.atTime(2, 59).toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC), "a");

        String yesterday = JobRunner.AGGREGATE + "/" + TODAY.minusDays(1);
        assertThat(early.tick()).extracting(run -> run.kind() + "/" + run.runKey()).doesNotContain(yesterday);
        assertThat(runner("a").tick()).extracting(run -> run.kind() + "/" + run.runKey()).contains(yesterday);
    }

    @Test
    void aLatePlayOnARolledUpDayMakesItsRollupAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path journal)
            throws Exception {
        plays(someDaysOfPlays(3));
        runner("a").tick();
        LocalDate day = TODAY.minusDays(2);
        String plays = "SELECT sum(play_count) FROM media_stats_daily WHERE day = '" + day + "'";
        assertThat(Databases.count(database, plays)).isEqualTo(7);

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
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_job WHERE kind = '" + JobRunner.AGGREGATE
                + "' AND run_key = '" + day + "' AND state = 'available'")).isEqualTo(1);

        assertThat(runner("a").tick()).extracting(JobRun::runKey).containsExactly(day.toString());
        assertThat(Databases.count(database, plays)).isEqualTo(8);
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
