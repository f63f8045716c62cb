package org.revenge.analytics.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.db.LiquibaseSchema;
import org.revenge.analytics.internal.importer.HistoryImporter;
import org.revenge.analytics.internal.importer.TautulliFixture;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.testing.TestPostgres;

/**
 * {@code bench/run import}: a generated Tautulli database (three years of a busy server: 200
 * users, 20,000 items, a viewing now and then paused and resumed into two or three rows) imported
 * through the plugin's importer, timed from the file to the committed rollups, against the
 * {@link RollupCeiling} of the same plays in the same run; and the most heap the importer holds
 * (in use after a collection) for a quarter of the rows and for all of them, which should be the same.
 */
final class ImportBenchmark {

    private final int rows;

    ImportBenchmark(int rows) {
        this.rows = rows;
    }

    void run() throws Exception {
        Path work = BenchServer.prepare();
        Instant now = Instant.now();
        int quarter = Math.max(1_000, rows / 4);
        Out.progress("writing a Tautulli database of " + quarter + " history rows");
        Path small = TautulliFixture.busyServer(work.resolve("tautulli-" + quarter + ".db"), quarter, now);
        Out.progress("writing a Tautulli database of " + rows + " history rows");
        Path large = TautulliFixture.busyServer(work.resolve("tautulli-" + rows + ".db"), rows, now);

        Result first = importInto(TestPostgres.freshDatabase("bench_import_small"), small, now);
        String jdbcUrl = TestPostgres.freshDatabase("bench_import");
        Result measured = importInto(jdbcUrl, large, now);
        RollupCeiling.Seconds ceiling = RollupCeiling.measure(jdbcUrl, "UTC");

        double rate = measured.report.plays() / measured.seconds;
        double ceilingRate = ceiling.plays() / ceiling.copyWithRollups();
        Out.figure("import.rows", measured.report.rows(), "rows");
        Out.figure("import.plays", measured.report.plays(), "plays");
        System.out.println("import.report: " + measured.report.line());
        Out.figure("import.plays_per_sec", Math.round(rate), "plays/s");
        Out.figure("import.ceiling_copy", Math.round(ceiling.plays() / ceiling.copy()), "plays/s");
        Out.figure("import.ceiling_with_rollups", Math.round(ceilingRate), "plays/s");
        System.out.printf("import.ratio_to_rollup_ceiling: %.2f%n", rate / ceilingRate);
        long limit = Runtime.getRuntime().maxMemory() >> 20;
        System.out.printf("import.peak_heap_after_gc_%d_rows: %d MiB (heap limit %d MiB)%n", quarter, first.peakHeap >> 20, limit);
        System.out.printf("import.peak_heap_after_gc_%d_rows: %d MiB (heap limit %d MiB)%n", rows, measured.peakHeap >> 20, limit);
    }

    private record Result(ImportReport report, double seconds, long peakHeap) {
    }

    private static Result importInto(String jdbcUrl, Path file, Instant now) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        LiquibaseSchema.update(dataSource);
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC", "retention.raw.days", 0)));
        HistoryImporter importer = new HistoryImporter(AnalyticsStore.over(dataSource), settings, Clock.systemUTC());
        System.gc();
        Out.progress("importing " + file.getFileName());
        ImportReport report;
        double seconds;
        try (HeapAfterGc heap = new HeapAfterGc()) {
            long start = System.nanoTime();
            report = importer.importHistory(new ImportRequest(ImportSource.TAUTULLI, file, null, null, null, false),
                    (phase, read) -> Out.progress(phase + ": " + read + " rows"));
            seconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            Out.progress(report.line() + " in " + Math.round(seconds) + " s");
            return new Result(report, seconds, heap.peak());
        }
    }

    /**
     * The most heap in use right after a collection while it is open: what the program holds, where
     * the heap's high-water mark would count the garbage not yet collected too (and grow with a
     * bigger heap). Run in a small heap (bench/run gives this mode -Xmx256m), so that collections
     * are frequent and holding rows would show.
     */
    private static final class HeapAfterGc implements NotificationListener, AutoCloseable {
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        private final AtomicLong peak = new AtomicLong();

        HeapAfterGc() {
            ManagementFactory.getGarbageCollectorMXBeans()
                    .forEach(gc -> ((NotificationEmitter) gc).addNotificationListener(this, null, null));
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                    .from((CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
            peak.accumulateAndGet(used, Math::max);
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() throws ListenerNotFoundException {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).removeNotificationListener(this);
            }
        }
    }
}
