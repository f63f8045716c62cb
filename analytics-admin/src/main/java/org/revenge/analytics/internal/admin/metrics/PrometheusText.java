package org.revenge.analytics.internal.admin.metrics;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.spi.SystemStats;

/**
 * The plugin's figures in the Prometheus text exposition format (version 0.0.4): the same
 * {@code getSystemStats()} figures as the MBean {@code org.revenge.analytics:type=Analytics} and
 * {@code analytics:status}, for a scraper on this machine. Names follow Prometheus' conventions:
 * a {@code revenge_analytics_} prefix, base units, {@code _total} on counters.
 */
public final class PrometheusText {

    /** The content type a scraper expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String PREFIX = "revenge_analytics_";

    private final Writer out;

    private PrometheusText(Writer out) {
        this.out = out;
    }

    /**
     * @param stats     the figures
     * @param recording whether recording is on, or {@code null} when unknown (no AnalyticsAdmin)
     */
    public static void write(SystemStats stats, Boolean recording, Writer out) throws IOException {
        PrometheusText text = new PrometheusText(out);
        IngestStats ingest = stats.ingest();
        if (recording != null) {
            text.gauge("recording_enabled", "1 while recording is switched on, 0 while it is off.", recording ? 1 : 0);
        }
        text.counter("events_accepted_total", "Host events accepted since the plugin started.", ingest.accepted());
        text.header("events_rejected_total", "Host events refused or ignored since the plugin started, by reason.", "counter");
        for (Map.Entry<String, Long> reason : new TreeMap<>(ingest.rejectedByReason()).entrySet()) {
            text.sample("events_rejected_total", Map.of("reason", reason.getKey()), reason.getValue());
        }
        text.gauge("plays_queued", "Plays in memory waiting for the writer.", ingest.queued());
        text.gauge("plays_journaled", "Plays in the journal, not yet in the database.", ingest.journaled());
        text.counter("plays_written_total", "Plays written to the database since the plugin started.", ingest.written());
        text.header("records_quarantined_total", "Records the writer could not store and set aside since the plugin started, by reason.",
                "counter");
        for (Map.Entry<String, Long> reason : new TreeMap<>(ingest.quarantinedByReason()).entrySet()) {
            text.sample("records_quarantined_total", Map.of("reason", reason.getKey()), reason.getValue());
        }
        text.counter("journal_append_failures_total", "Journal appends that failed (a full or failing disk) since the plugin started.",
                ingest.journalFailures());
        Duration lag = ingest.writeLag() == null ? Duration.ZERO : ingest.writeLag();
        text.gauge("ingest_lag_seconds", "How long the oldest play not yet written has waited.", lag.toMillis() / 1000.0);
        text.gauge("active_sessions", "Playback sessions open now.", stats.activeSessions());
        text.gauge("plays_today", "Plays started today, in the plugin's time zone.", stats.playsToday());
        text.gauge("database_size_bytes", "Size of the plugin's tables and indexes.", stats.databaseSizeBytes());
        ReadReplicaStats reads = stats.reads();
        if (reads.configured()) {
            text.gauge("read_replica_in_use", "1 while the queries read the read replica, 0 while they read the primary instead.",
                    reads.inUse() ? 1 : 0);
            if (reads.replayLag() != null) {
                text.gauge("read_replica_lag_seconds", "How far the read replica is behind the primary.",
                        reads.replayLag().toMillis() / 1000.0);
            }
        }
        text.header("job_last_run", "1 for each job kind's latest run, labelled with its state.", "gauge");
        for (JobRun run : stats.jobs()) {
            text.sample("job_last_run", new TreeMap<>(Map.of("kind", run.kind(), "state", run.state())), 1);
        }
        out.flush();
    }

    private void counter(String name, String help, long value) throws IOException {
        header(name, help, "counter");
        sample(name, Map.of(), value);
    }

    private void gauge(String name, String help, double value) throws IOException {
        header(name, help, "gauge");
        sample(name, Map.of(), value);
    }

    private void header(String name, String help, String type) throws IOException {
        out.write("# HELP " + PREFIX + name + " " + help + "\n");
        out.write("# TYPE " + PREFIX + name + " " + type + "\n");
    }

    private void sample(String name, Map<String, String> labels, double value) throws IOException {
        StringBuilder line = new StringBuilder(PREFIX).append(name);
        if (!labels.isEmpty()) {
            line.append('{');
            String separator = "";
            for (Map.Entry<String, String> label : labels.entrySet()) {
                line.append(separator).append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
                separator = ",";
            }
            line.append('}');
        }
        line.append(' ').append(number(value)).append('\n');
        out.write(line.toString());
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }

    /** A label value's backslashes, double quotes and line breaks escaped, as the format asks. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
