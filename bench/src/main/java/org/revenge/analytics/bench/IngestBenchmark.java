package org.revenge.analytics.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

import javax.management.ObjectName;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.testing.TestPostgres;

/**
 * {@code bench/run ingest}: synthetic sessions (Zipf-popular media, thousands of users) posted
 * through the real EventAdmin into the real bundle, timed until every event is durable (the
 * plugin's journal checkpoint in PostgreSQL reaches the count posted). The ceilings are a raw binary
 * COPY of the very rows that run produced, into the same table, in the same run, alone and with a
 * set-based build of the rollups those plays touch ({@link RollupCeiling}): what any writer that
 * keeps the rollups must do.
 */
final class IngestBenchmark {

    private static final int LATENCY_WARMUP = 50_000;
    private static final int LATENCY_SAMPLES = 200_000;

    private final int events;
    private final boolean direct;
    private final SessionGenerator generator = new SessionGenerator();

    /**
     * @param events how many events the throughput phase posts
     * @param direct call the handler directly instead of posting through EventAdmin, to see what
     *               EventAdmin's delivery costs
     */
    IngestBenchmark(int events, boolean direct) {
        this.events = events;
        this.direct = direct;
    }

    void run() throws Exception {
        Path work = BenchServer.prepare();
        String jdbcUrl = TestPostgres.freshDatabase("bench");

        Out.progress("starting Felix with the analytics bundles");
        long latencyEvents;
        long total = (events / 3) * 3L;
        double postSeconds;
        double postCpuSeconds;
        double endToEndSeconds;
        long peakHeap;
        long liveHeap;
        try (Host host = new Host(work)) {
            host.configure("org.revenge.analytics", Map.of("jdbc.url", jdbcUrl, "jdbc.pool.size", 4, "timezone", "UTC",
                    "ingest.queue.capacity", 200_000, "ingest.batch.size", 10_000));
            host.awaitService("org.revenge.analytics.spi.AnalyticsService", 120);
            EventAdmin eventAdmin = host.await(EventAdmin.class, null, 30);
            Consumer<Event> handler = host.hostEventSink(30);

            Instant base = Instant.now().minus(Duration.ofDays(30));
            latencyEvents = measureHandleEvent(handler, base, jdbcUrl);

            Out.progress((direct ? "handing " + events + " events straight to the handler"
                    : "posting " + events + " events through EventAdmin"));
            resetPeakHeap();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long startCpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long posted = 0;
            long sessions = 0;
            // sessions end at least two days ago: no event may lie in the future
            long perSession = Duration.ofDays(27).toMillis() / Math.max(1, total / 3);
            while (posted < total) {
                Event[] session = generator.session(base.plusSeconds(86_400).plusMillis(perSession * sessions++));
                for (Event event : session) {
                    if (direct) {
                        handler.accept(event);
                    } else {
                        eventAdmin.postEvent(event);
                    }
                }
                posted += session.length;
                if (posted % 200_001 < 3) {
                    Out.progress(posted + " of " + total + " events posted");
                }
            }
            postSeconds = (System.nanoTime() - start) / 1e9;
            postCpuSeconds = (threads.getCurrentThreadCpuTime() - startCpu) / 1e9;
            awaitDurable(jdbcUrl, latencyEvents + total, "throughput");
            endToEndSeconds = (System.nanoTime() - start) / 1e9;
            peakHeap = peakHeap();
            liveHeap = liveHeap(work.resolve("heap-after-recording.txt"));
        }
        // the ceilings are the database's alone: measured once the host has stopped and the statements
        // of its jobs (which catch up on the days just written) have ended
        awaitQuietDatabase(jdbcUrl);
        long plays = Sql.count(jdbcUrl, "SELECT count(*) FROM playback_events");
        RollupCeiling.Seconds ceilings = RollupCeiling.measure(jdbcUrl, "UTC");
        double endToEnd = total / endToEndSeconds;
        double ceiling = (latencyEvents + total) / ceilings.copy();
        double rollupCeiling = (latencyEvents + total) / ceilings.copyWithRollups();

        System.out.println("ingest.delivery: " + (direct ? "direct handleEvent calls" : "EventAdmin.postEvent"));
        Out.figure("ingest.events", total, "events");
        Out.figure("ingest.plays_stored", plays, "plays");
        Out.figure("ingest.post_rate", Math.round(total / postSeconds), "events/s");
        // what the posting loop costs, apart from how much of a core it got beside the writer and PostgreSQL
        Out.figure("ingest.post_rate_per_cpu_second", Math.round(total / postCpuSeconds), "events/s");
        System.out.printf("ingest.post_cpu_share: %.2f%n", postCpuSeconds / postSeconds);
        Out.figure("ingest.end_to_end", Math.round(endToEnd), "events/s");
        Out.figure("ingest.ceiling_copy", Math.round(ceiling), "events/s");
        System.out.printf("ingest.ratio: %.2f%n", endToEnd / ceiling);
        Out.figure("ingest.ceiling_with_rollups", Math.round(rollupCeiling), "events/s");
        System.out.printf("ingest.ratio_to_rollup_ceiling: %.2f%n", endToEnd / rollupCeiling);
        System.out.printf("ingest.peak_heap: %d MiB%n", peakHeap >> 20);
        System.out.printf("ingest.live_heap_after_recording: %d MiB%n", liveHeap >> 20);
    }

    /**
     * Waits until no other session of the database, autovacuum's included, is busy (a stopped host's
     * jobs may still be running a statement, and the partitions they compacted be vacuumed), then
     * vacuums, analyses and checkpoints.
     */
    private static void awaitQuietDatabase(String jdbcUrl) throws Exception {
        long start = System.nanoTime();
        while (Sql.count(jdbcUrl, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'") > 0) {
            if (System.nanoTime() - start > 300_000_000_000L) {
                throw new IllegalStateException("the database is still busy 5 minutes after the host stopped");
            }
            Thread.sleep(200);
        }
        Out.progress("the database is quiet " + (System.nanoTime() - start) / 1_000_000 + " ms after the host stopped "
                + "(autovacuum included); vacuuming, analysing and a checkpoint, so that the ceilings pay neither for what "
                + "the jobs left to clean up nor for the WAL of what ran before them");
        Sql.execute(jdbcUrl, "VACUUM ANALYZE");
        Sql.execute(jdbcUrl, "CHECKPOINT");
    }

    /** Times handleEvent by calling the plugin's host-event sink directly, as the relay does. */
    private long measureHandleEvent(Consumer<Event> handler, Instant base, String jdbcUrl) throws Exception {
        Out.progress("timing handleEvent over " + LATENCY_SAMPLES + " calls, after " + LATENCY_WARMUP + " warm-up calls");
        long[] nanos = new long[LATENCY_SAMPLES];
        int sent = 0;
        int samples = 0;
        long session = 0;
        while (samples < LATENCY_SAMPLES) {
            for (Event event : generator.session(base.plusMillis(session++ * 500))) {
                long t0 = System.nanoTime();
                handler.accept(event);
                long t1 = System.nanoTime();
                if (++sent > LATENCY_WARMUP && samples < LATENCY_SAMPLES) {
                    nanos[samples++] = t1 - t0;
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf("ingest.handle_event_p50: %.2f µs%n", nanos[nanos.length / 2] / 1000.0);
        System.out.printf("ingest.handle_event_p99: %.2f µs%n", nanos[(int) (nanos.length * 0.99)] / 1000.0);
        awaitDurable(jdbcUrl, sent, "latency");
        return sent;
    }

    /** Waits until the plugin's journal checkpoints (of every node) add up to {@code expected} events. */
    static void awaitDurable(String jdbcUrl, long expected, String phase) throws Exception {
        long last = -1;
        long lastReport = System.nanoTime();
        while (true) {
            long durable = Sql.count(jdbcUrl, "SELECT coalesce(sum(sequence), 0) FROM ingest_checkpoint");
            if (durable >= expected) {
                return;
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                Out.progress(phase + ": " + durable + " of " + expected + " events durable");
                lastReport = System.nanoTime();
                if (durable == last) {
                    Out.progress(phase + ": no progress for 2 s; see the Felix logs (felix.log) under target/bench");
                }
                last = durable;
            }
            Thread.sleep(20);
        }
    }

    /**
     * The heap still in use once everything is durable and the garbage is collected: what the host and
     * the plugin keep, unlike the peak, which depends on when the collector ran. The classes that hold
     * it go to {@code histogram} (a full collection, then the JVM's class histogram).
     */
    static long liveHeap(Path histogram) throws Exception {
        String classes = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Files.writeString(histogram, classes);
        Out.progress("the heap's classes after recording are in " + histogram);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }
}
