package org.revenge.analytics.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.JobRun;

/**
 * The job queue's life cycle and each job's own schedule, against a real PostgreSQL; what each
 * job does to the data is in {@link JobRunnerTest}.
 */
class JobQueueAndScheduleTest {

    static final Instant NOW = JobRunnerTest.NOW;
    static final LocalDate TODAY = JobRunnerTest.TODAY;

    DataSource database;
    AnalyticsStore store;
    Settings settings = JobRunnerTest.settings(Map.of());

    @BeforeEach
    void database() throws Exception {
        database = Databases.migrated("job-queue");
        store = AnalyticsStore.over(database);
    }

    private Job.Now now(Instant at) {
        return Job.Now.of(at, settings);
    }

    @Nested
    class TheQueue {

        @Test
        void aRunIsAddedOnceClaimedByOneNodeAndCompletedWithItsOutcome() throws Exception {
            JobQueue a = new JobQueue(store, "node-a");
            JobQueue b = new JobQueue(store, "node-b");
            Job.Due due = new Job.Due(List.of("2026-12-01", "2026-12-02"), NOW.minusSeconds(60));
            a.add("analytics.test", due);
            b.add("analytics.test", due);

            JobRun first = a.claim(NOW, Duration.ofMinutes(30), Set.of());
            JobRun second = b.claim(NOW, Duration.ofMinutes(30), Set.of());
            assertThat(List.of(first.runKey(), second.runKey())).containsExactlyInAnyOrder("2026-12-01", "2026-12-02");
            assertThat(a.claim(NOW, Duration.ofMinutes(30), Set.of())).as("nothing else is due").isNull();

            a.complete(first, new Job.Outcome(3, "three rows"));
            assertThat(Databases.rows(database, "SELECT state, rows_changed, outcome FROM analytics_job WHERE run_key = '"
                    + first.runKey() + "'")).containsExactly("completed | 3 | three rows");
        }

        @Test
        void aFailedRunIsRetriedAtTheTimeGivenAndNotBefore() {
            JobQueue queue = new JobQueue(store, "node-a");
            queue.add("analytics.test", new Job.Due(List.of("2026-12-01"), NOW.minusSeconds(60)));
            JobRun run = queue.claim(NOW, Duration.ofMinutes(30), Set.of());
            queue.fail(run, "disk full", NOW.plus(Duration.ofMinutes(2)));

            assertThat(queue.claim(NOW.plusSeconds(60), Duration.ofMinutes(30), Set.of())).isNull();
            JobRun again = queue.claim(NOW.plus(Duration.ofMinutes(3)), Duration.ofMinutes(30), Set.of());
            assertThat(again.runKey()).isEqualTo("2026-12-01");
            assertThat(again.attempt()).isEqualTo(2);
        }

        @Test
        void aRunAskedForNowIsDueNowWhateverItsState() {
            JobQueue queue = new JobQueue(store, "node-a");
            queue.add("analytics.test", new Job.Due(List.of("2026-12-01"), NOW.minusSeconds(60)));
            queue.complete(queue.claim(NOW, Duration.ofMinutes(30), Set.of()), new Job.Outcome(0, "done"));

            JobRun asked = queue.dueNow("analytics.test", "2026-12-01", NOW.plusSeconds(5));
            assertThat(asked.state()).isNotEqualTo("completed");
            assertThat(queue.claim(NOW.plusSeconds(5), Duration.ofMinutes(30), Set.of()).runKey()).isEqualTo("2026-12-01");
        }
    }

    @Nested
    class EachJobsSchedule {

        @Test
        void partitionsAreDueEveryUtcDay() {
            PartitionsJob job = new PartitionsJob(new PartitionChanges(store, PartitionChanges.defaultPauses()));
            assertThat(job.due(now(NOW)).runKeys()).containsExactly(TODAY.toString());
            assertThat(job.run(TODAY.toString(), settings).summary()).endsWith("partitions created");
        }

        @Test
        void retentionIsDueWhenTheScheduleLastFired() {
            RetentionJob job = new RetentionJob(store, new PartitionChanges(store, PartitionChanges.defaultPauses()),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            Job.Due due = job.due(now(NOW));
            assertThat(due.runKeys()).containsExactly(TODAY.toString());
            assertThat(due.at()).isEqualTo(TODAY.atTime(3, 0).toInstant(ZoneOffset.UTC));
            // before today's firing, the run is yesterday's
            assertThat(job.due(now(TODAY.atTime(2, 0).toInstant(ZoneOffset.UTC))).runKeys())
                    .containsExactly(TODAY.minusDays(1).toString());
        }

        @Test
        void theRankingPeriodsAreDueForYesterdayAsSoonAsItEnded() {
            RankingPeriodsJob job = new RankingPeriodsJob(store);
            assertThat(job.due(now(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1))).runKeys())
                    .containsExactly(TODAY.minusDays(1).toString());
        }

        @Test
        void theCheckAndTheCompactionAreDueOnlyForDaysWithPlays() {
            RollupCheckJob check = new RollupCheckJob(store, Clock.fixed(NOW, ZoneOffset.UTC));
            CompactionJob compaction = new CompactionJob(store);
            assertThat(check.due(now(NOW))).isEqualTo(Job.Due.NONE);
            assertThat(compaction.due(now(NOW))).isEqualTo(Job.Due.NONE);

            Databases.storePlays(store, JobRunnerTest.someDaysOfPlays(4), settings.zone());
            // checked: every finished day from the first raw partition up to yesterday, once the
            // schedule fired after its end
            assertThat(check.due(now(NOW)).runKeys()).containsSubsequence(TODAY.minusDays(4).toString(),
                    TODAY.minusDays(3).toString(), TODAY.minusDays(2).toString(), TODAY.minusDays(1).toString())
                    .last().isEqualTo(TODAY.minusDays(1).toString());
            assertThat(check.due(now(TODAY.atTime(2, 59).toInstant(ZoneOffset.UTC))).runKeys())
                    .as("before the schedule fires, yesterday waits").doesNotContain(TODAY.minusDays(1).toString());
            // compacted: the UTC days that ended over a day before the schedule fired
            assertThat(compaction.due(now(NOW)).runKeys()).containsSubsequence(TODAY.minusDays(4).toString(),
                    TODAY.minusDays(3).toString(), TODAY.minusDays(2).toString())
                    .last().isEqualTo(TODAY.minusDays(2).toString());
        }
    }
}
