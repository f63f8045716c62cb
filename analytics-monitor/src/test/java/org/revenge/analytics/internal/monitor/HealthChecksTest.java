package org.revenge.analytics.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.spi.StorageUnavailableException;

class HealthChecksTest {

    private final AnalyticsService analytics = mock(AnalyticsService.class);
    private final MonitorSettings settings = new MonitorSettings(Duration.ofSeconds(60), 1000, Duration.ZERO);

    private static String text(Result result) {
        StringBuilder text = new StringBuilder();
        for (ResultLog.Entry entry : result) {
            text.append(entry.getStatus()).append(' ').append(entry.getMessage()).append('\n');
        }
        return text.toString();
    }

    @Nested
    class Database {
        @Test
        void isCriticalWhenThePluginIsNotRunning() {
            Result result = new DatabaseCheck(null).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
            assertThat(text(result)).contains("Analytics is not running");
        }

        @Test
        void isCriticalWhenTheDatabaseDoesNotAnswer() {
            when(analytics.getSystemStats()).thenThrow(new StorageUnavailableException("connection refused", null));
            Result result = new DatabaseCheck(analytics).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
            assertThat(text(result)).contains("does not answer: connection refused");
        }

        @Test
        void isOkWhenTheDatabaseAnswers() {
            when(analytics.getSystemStats()).thenReturn(Figures.with(Figures.ingest(0, Duration.ZERO), List.of()));
            Result result = new DatabaseCheck(analytics).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
            assertThat(text(result)).contains("schema is current").contains("30 plays in 7 days");
        }

        @Test
        void saysTheQueriesReadTheReplicaAndHowFarBehindItIs() {
            when(analytics.getSystemStats()).thenReturn(Figures.with(new ReadReplicaStats(true, true, "replica.local:5432/revenge",
                    Duration.ofMillis(420), 8192, 1, null)));
            Result result = new DatabaseCheck(analytics).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
            assertThat(text(result)).contains("Queries read from the replica replica.local:5432/revenge, 420 ms behind the primary "
                    + "(8192 bytes of log to replay); 1 users' own queries read the primary");
        }

        @Test
        void warnsWhileTheQueriesReadThePrimaryInsteadOfTheReplica() {
            when(analytics.getSystemStats()).thenReturn(Figures.with(new ReadReplicaStats(true, false, "replica.local:5432/revenge",
                    null, -1, 0, "it is unreachable (Connection refused)")));
            Result result = new DatabaseCheck(analytics).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(text(result)).contains("Queries read from the primary, not the replica replica.local:5432/revenge: "
                    + "it is unreachable (Connection refused)");
        }
    }

    @Nested
    class Ingest {
        @Test
        void isOkUnderBothThresholds() {
            when(analytics.getSystemStats()).thenReturn(Figures.with(Figures.ingest(998, Duration.ofSeconds(60)), List.of()));
            assertThat(new IngestCheck(analytics, settings).execute().getStatus()).isEqualTo(Result.Status.OK);
        }

        @Test
        void warnsWhenTheLagIsOverItsThreshold() {
            when(analytics.getSystemStats()).thenReturn(Figures.with(Figures.ingest(0, Duration.ofSeconds(61)), List.of()));
            Result result = new IngestCheck(analytics, settings).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(text(result)).contains("Ingest lag is 61 s, over ingest.lag.max.sec = 60");
        }

        @Test
        void warnsWhenTheQueueIsOverItsThreshold() {
            when(analytics.getSystemStats()).thenReturn(Figures.with(Figures.ingest(1001, null), List.of()));
            Result result = new IngestCheck(analytics, settings).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(text(result)).contains("1003 events wait (1001 in memory, 2 in the journal), over ingest.queue.max = 1000");
        }

        @Test
        void warnsWithoutFigures() {
            when(analytics.getSystemStats()).thenThrow(new StorageUnavailableException("gone", null));
            assertThat(new IngestCheck(analytics, settings).execute().getStatus()).isEqualTo(Result.Status.WARN);
        }
    }

    @Nested
    class Jobs {
        @Test
        void isOkWhenEachKindsLastEndedRunCompleted() {
            when(analytics.getJobHistory(AnalyticsService.MAX_LIMIT)).thenReturn(List.of(
                    Figures.run("analytics.cleanup", "running", 1, null),
                    Figures.run("analytics.cleanup", "completed", 1, null),
                    Figures.run("analytics.compact", "completed", 1, null),
                    Figures.run("analytics.compact", "failed", 3, "older failure, since fixed")));
            Result result = new JobsCheck(analytics).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
            assertThat(text(result)).contains("analytics.cleanup: the last run").contains("analytics.compact: the last run");
        }

        @Test
        void warnsWhenTheLastRunWillBeRetried() {
            when(analytics.getJobHistory(AnalyticsService.MAX_LIMIT)).thenReturn(List.of(
                    Figures.run("analytics.cleanup", "retryable", 1, "deadlock")));
            assertThat(new JobsCheck(analytics).execute().getStatus()).isEqualTo(Result.Status.WARN);
        }

        @Test
        void isCriticalWhenTheLastRunFailed() {
            when(analytics.getJobHistory(AnalyticsService.MAX_LIMIT)).thenReturn(List.of(
                    Figures.run("analytics.compact", "completed", 1, null),
                    Figures.run("analytics.cleanup", "failed", 3, "disk full")));
            Result result = new JobsCheck(analytics).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.CRITICAL);
            assertThat(text(result)).contains("analytics.cleanup: the last run (2026-12-04) failed after 3 attempts: disk full");
        }
    }

    @Nested
    class Recording {
        private final AnalyticsAdmin admin = mock(AnalyticsAdmin.class);

        @Test
        void isOkWhenOn() {
            when(admin.isEnabled()).thenReturn(true);
            assertThat(new RecordingCheck(admin).execute().getStatus()).isEqualTo(Result.Status.OK);
        }

        @Test
        void warnsWhenSwitchedOff() {
            when(admin.isEnabled()).thenReturn(false);
            Result result = new RecordingCheck(admin).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(text(result)).contains("Recording is switched off");
        }
    }

    @Nested
    class Quarantine {
        private final AnalyticsAdmin admin = mock(AnalyticsAdmin.class);

        @Test
        void isOkWhenEmpty() {
            when(admin.countQuarantined()).thenReturn(0L);
            Result result = new QuarantineCheck(admin).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.OK);
            assertThat(text(result)).contains("The quarantine is empty");
        }

        @Test
        void warnsWithTheCountTheKindsAndTheOldestReasons() {
            when(admin.countQuarantined()).thenReturn(42L);
            Instant at = Instant.parse("2026-12-05T10:00:00Z");
            when(admin.getQuarantined(QuarantineCheck.SHOWN)).thenReturn(List.of(
                    new QuarantinedRecord(7, QuarantinedRecord.SCAN, "{}", "scan: refused by the database (SQLState 22003)", at),
                    new QuarantinedRecord(9, QuarantinedRecord.PLAY, "{}", "play: refused by the database (SQLState 23514)", at)));
            Result result = new QuarantineCheck(admin).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(text(result)).contains("42 records are in quarantine", "analytics:quarantine", "{play=1, scan=1}",
                    "Entry 7 (scan, set aside 2026-12-05T10:00:00Z): scan: refused by the database (SQLState 22003)");
        }

        @Test
        void warnsWithoutFigures() {
            when(admin.countQuarantined()).thenThrow(new StorageUnavailableException("gone", null));
            Result result = new QuarantineCheck(admin).execute();
            assertThat(result.getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(text(result)).contains("No quarantine figures: gone");
        }
    }
}
