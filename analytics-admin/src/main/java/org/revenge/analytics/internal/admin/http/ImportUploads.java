package org.revenge.analytics.internal.admin.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.revenge.analytics.internal.admin.http.Documents.ImportRun;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports started over HTTP: the uploaded file is streamed to a file of its own in the bundle's data
 * area (never held in memory, refused beyond the size cap), imported on a thread of its own while
 * the caller follows its progress, and deleted when the import ends. The latest runs are kept in
 * memory for the caller to read; the import list itself is the plugin's ({@link AnalyticsImporter#getImports}).
 */
final class ImportUploads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImportUploads.class);
    /** Runs remembered for GET; older ones are forgotten (their reports stay in the import list). */
    private static final int REMEMBERED = 50;

    /** A run's state as it changes; read by other threads. */
    private static final class Run {
        final long id;
        volatile String state = "running";
        volatile String phase = "receiving the file";
        volatile long rows;
        volatile ImportReport report;
        volatile String error;

        Run(long id) {
            this.id = id;
        }

        ImportRun view() {
            return new ImportRun(id, state, phase, rows, report, error);
        }
    }

    private final Path directory;
    private final long maxBytes;
    private final Supplier<AnalyticsImporter> importer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "analytics-http-import");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Run> runs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Run> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param directory where uploads are kept while they are imported (the bundle's data area)
     * @param maxBytes  the largest upload accepted
     */
    ImportUploads(Path directory, long maxBytes, Supplier<AnalyticsImporter> importer) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.importer = importer;
    }

    /**
     * Receives the upload and starts its import.
     *
     * @throws ApiException 413 beyond the cap, 503 without the importer
     */
    ImportRun start(ImportSource source, String fileName, ZoneId zone, boolean dryRun, InputStream upload) throws IOException {
        if (importer.get() == null) {
            throw new ApiException(503, null, "the AnalyticsImporter service is not available (the analytics bundle is stopped, or older than SPI 1.4)");
        }
        Files.createDirectories(directory);
        Path file = Files.createTempFile(directory, "upload-", ".import");
        try {
            copyCapped(upload, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        Run run = new Run(ids.incrementAndGet());
        synchronized (runs) {
            runs.put(run.id, run);
        }
        run.phase = "waiting for the import before it";
        worker.execute(() -> importFile(run, new ImportRequest(source, file, fileName, null, zone, dryRun)));
        return run.view();
    }

    private void copyCapped(InputStream upload, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int read;
            while ((read = upload.read(buffer)) >= 0) {
                total += read;
                if (total > maxBytes) {
                    throw new ApiException(413, "body", "the file is larger than the largest import upload, "
                            + maxBytes / (1024 * 1024) + " MiB (import.max.upload.mib of " + HttpApiConfiguration.PID + ")");
                }
                out.write(buffer, 0, read);
            }
        }
        if (total == 0) {
            throw new ApiException(400, "body", "is empty: send the file as the request body");
        }
    }

    private void importFile(Run run, ImportRequest request) {
        try {
            AnalyticsImporter service = importer.get();
            if (service == null) {
                throw new IllegalStateException("the AnalyticsImporter service went away");
            }
            run.phase = "reading";
            ImportReport report = service.importHistory(request, (phase, rows) -> {
                run.phase = phase;
                run.rows = rows;
            });
            run.report = report;
            run.rows = report.rows();
            run.phase = "done";
            run.state = report.state();
        } catch (AnalyticsException | IllegalStateException e) {
            run.error = e.getMessage();
            run.phase = "done";
            run.state = "failed";
        } catch (RuntimeException e) {
            LOG.error("Analytics HTTP API: import of {} failed", request.fileName(), e);
            run.error = "internal error; the server log has the details";
            run.phase = "done";
            run.state = "failed";
        } finally {
            try {
                Files.deleteIfExists(request.file());
            } catch (IOException e) {
                LOG.warn("Analytics HTTP API: could not delete the uploaded {}: {}", request.file(), e.getMessage());
            }
        }
    }

    Optional<ImportRun> run(long id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id)).map(Run::view);
        }
    }

    /** Stops taking imports; one under way ends with the bundle's thread (its transaction is rolled back if cut short). */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
