package org.revenge.analytics.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.testing.TestPostgres;

/**
 * {@code bench/run outage}: the database goes away, events are posted through EventAdmin while it
 * is away, then it comes back. Run with a small heap ({@code -Xmx256m}), it shows that what waits
 * for the database waits on disk (the journal), not in memory, and that every play lands once.
 * The posting is paced on the plugin's own figures (events EventAdmin has not delivered yet, and
 * events in the plugin's queue), so that EventAdmin's unbounded queue does not hold them instead.
 */
final class OutageBenchmark {

    /** Most events posted but not yet taken by the plugin: EventAdmin's queue and the plugin's. */
    private static final long IN_FLIGHT = 20_000;

    private final int events;
    private final SessionGenerator generator = new SessionGenerator();

    OutageBenchmark(int events) {
        this.events = events;
    }

    void run() throws Exception {
        Path work = BenchServer.prepare();
        String jdbcUrl = TestPostgres.freshDatabase("outage");

        Out.progress("starting Felix with the analytics bundles");
        try (Host host = new Host(work)) {
            host.configure("org.revenge.analytics", Map.of("jdbc.url", jdbcUrl, "jdbc.pool.size", 4, "timezone", "UTC",
                    "ingest.queue.capacity", 100_000, "ingest.batch.size", 10_000));
            host.awaitService("org.revenge.analytics.spi.AnalyticsService", 120);
            EventAdmin eventAdmin = host.await(EventAdmin.class, null, 30);
            PluginStats stats = new PluginStats(host);
            Instant base = Instant.now().minus(Duration.ofDays(30));
            long total = (events / 3) * 3L;
            long sessions = total / 3;
            long perSession = Duration.ofDays(27).toMillis() / Math.max(1, sessions);
            long plays0 = Sql.count(jdbcUrl, "SELECT count(*) FROM playback_events");

            Out.progress("the database goes away: it refuses connections and its open ones are ended");
            System.gc();
            IngestBenchmark.resetPeakHeap();
            long peakWhileDown;
            long start = System.nanoTime();
            try (AutoCloseable outage = TestPostgres.outage(jdbcUrl)) {
                long posted = 0;
                for (long session = 0; session < sessions; session++) {
                    while (posted - stats.taken() > IN_FLIGHT) {
                        Thread.sleep(1);
                    }
                    for (Event event : generator.session(base.plusSeconds(86_400).plusMillis(perSession * session))) {
                        eventAdmin.postEvent(event);
                    }
                    posted += 3;
                    if (posted % 200_001 < 3) {
                        Out.progress(posted + " of " + total + " events posted; " + stats.get("appended") + " journaled, "
                                + stats.get("queued") + " in the plugin's queue");
                    }
                }
                // a refused event (counted, and printed below) is never journaled
                while (stats.get("appended") + stats.get("rejected") < total) {
                    Thread.sleep(20);
                }
                peakWhileDown = IngestBenchmark.peakHeap();
                Out.progress("all " + total + " events are in the journal; the database comes back");
            }
            double downSeconds = (System.nanoTime() - start) / 1e9;
            long back = System.nanoTime();
            long last = -1;
            long lastReport = System.nanoTime();
            while (true) {
                long plays = Sql.count(jdbcUrl, "SELECT count(*) FROM playback_events") - plays0;
                boolean drained = stats.get("journaled") == 0 && stats.get("queued") == 0;
                if (drained && plays >= generator.expectedPlays()) {
                    break;
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    Out.progress(plays + " of " + generator.expectedPlays() + " plays stored, " + stats.get("journaled") + " events in the journal");
                    if (plays == last) {
                        if (drained) {
                            // events were refused: fewer plays than sessions can ever land; the figures say so
                            break;
                        }
                        Out.progress("no progress for 5 s; see target/bench/felix.log");
                    }
                    last = plays;
                    lastReport = System.nanoTime();
                }
                Thread.sleep(100);
            }
            double catchUpSeconds = (System.nanoTime() - back) / 1e9;
            long peak = IngestBenchmark.peakHeap();
            long stored = Sql.count(jdbcUrl, "SELECT count(*) FROM playback_events") - plays0;
            long distinct = Sql.count(jdbcUrl, "SELECT count(*) FROM (SELECT DISTINCT user_id, started_at FROM playback_events) d")
                    - plays0;

            System.out.println("outage.max_heap: " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
            Out.figure("outage.events", total, "events");
            Out.figure("outage.sessions", sessions, "sessions");
            Out.figure("outage.plays_expected", generator.expectedPlays(), "plays (by the default counting rules)");
            Out.figure("outage.plays_stored", stored, "plays");
            Out.figure("outage.plays_doubled", stored - distinct, "plays");
            Out.figure("outage.refused", stats.get("rejected"), "events");
            Out.figure("outage.post_rate", Math.round(total / downSeconds), "events/s");
            Out.figure("outage.catch_up", Math.round(total / catchUpSeconds), "events/s");
            System.out.printf("outage.peak_heap_while_down: %d MiB%n", peakWhileDown >> 20);
            System.out.printf("outage.peak_heap: %d MiB%n", peak >> 20);
        }
    }
}
