package org.revenge.analytics.internal.admin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.JvmStats;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.spi.SystemStats;

class PrometheusTextTest {

    /** A sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\""
            + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*\\})? -?[0-9.eE+-]+");

    private static SystemStats stats() {
        IngestStats ingest = new IngestStats(1200, 7, Map.of("missing field \"user.id\"", 5L, "ignored: analytics is disabled", 2L),
                3, 4, 1100, Duration.ofMillis(2500), 1104, 2, Map.of("scan: refused by the database (SQLState 22003)", 1L));
        JobRun run = new JobRun("analytics.cleanup", "2026-12-04", "failed", 5, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null,
                null, "disk full");
        return new SystemStats(Instant.EPOCH, 3, 2, 40, 9, 30, 36_000, 6, 123_456_789, ingest, List.of(run),
                new JvmStats(1, 2, 3, 4, Duration.ofMinutes(1)));
    }

    @Test
    void writesEachFigureWithItsHelpTypeAndValue() throws Exception {
        StringWriter out = new StringWriter();
        PrometheusText.write(stats(), false, out);
        String text = out.toString();
        assertThat(text).contains(
                "# TYPE revenge_analytics_events_accepted_total counter\nrevenge_analytics_events_accepted_total 1200\n",
                "revenge_analytics_recording_enabled 0\n",
                "revenge_analytics_events_rejected_total{reason=\"ignored: analytics is disabled\"} 2\n",
                "revenge_analytics_events_rejected_total{reason=\"missing field \\\"user.id\\\"\"} 5\n",
                "# TYPE revenge_analytics_plays_queued gauge\nrevenge_analytics_plays_queued 3\n",
                "revenge_analytics_plays_journaled 4\n",
                "revenge_analytics_plays_written_total 1100\n",
                "revenge_analytics_ingest_lag_seconds 2.5\n",
                "revenge_analytics_records_quarantined_total{reason=\"scan: refused by the database (SQLState 22003)\"} 1\n",
                "revenge_analytics_journal_append_failures_total 2\n",
                "revenge_analytics_active_sessions 6\n",
                "revenge_analytics_database_size_bytes 123456789\n",
                "revenge_analytics_job_last_run{kind=\"analytics.cleanup\",state=\"failed\"} 1\n");
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                assertThat(line).as("a sample line of the exposition format").matches(SAMPLE);
            }
        }
    }

    @Test
    void saysWhetherTheQueriesReadTheReadReplicaAndItsLagOnlyWhenOneIsConfigured() throws Exception {
        StringWriter out = new StringWriter();
        PrometheusText.write(stats(), true, out);
        assertThat(out.toString()).doesNotContain("read_replica");
        SystemStats plain = stats();
        SystemStats withReplica = new SystemStats(plain.generatedAt(), plain.users(), plain.libraries(), plain.mediaItems(),
                plain.playsToday(), plain.plays7d(), plain.watchTimeSec7d(), plain.activeSessions(), plain.databaseSizeBytes(),
                plain.ingest(), plain.jobs(), plain.jvm(), new ReadReplicaStats(true, true, "replica:5432/revenge",
                        Duration.ofMillis(1250), 100, 0, null));
        out = new StringWriter();
        PrometheusText.write(withReplica, true, out);
        assertThat(out.toString()).contains("revenge_analytics_read_replica_in_use 1\n", "revenge_analytics_read_replica_lag_seconds 1.25\n");
    }

    @Test
    void leavesOutTheSwitchWhenItIsUnknown() throws Exception {
        StringWriter out = new StringWriter();
        PrometheusText.write(stats(), null, out);
        assertThat(out.toString()).doesNotContain("recording_enabled");
    }

    @Test
    void escapesLabelValuesAsTheFormatAsks() {
        assertThat(PrometheusText.escape("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
    }
}
