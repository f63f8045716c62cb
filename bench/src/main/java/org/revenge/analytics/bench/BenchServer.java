package org.revenge.analytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.revenge.analytics.testing.TestPostgres;

/**
 * Where the ingest, outage and import benchmarks run: a working directory under {@code target/},
 * and PostgreSQL, either the server that {@code ANALYTICS_BENCH_JDBC_URL} names or an embedded one.
 */
final class BenchServer {

    private BenchServer() {
    }

    /**
     * Chooses the PostgreSQL the benchmark's fresh databases come from ({@link TestPostgres#freshDatabase}) and says which.
     *
     * @return the working directory, created
     */
    static Path prepare() throws IOException {
        Path work = Path.of("target/bench");
        Files.createDirectories(work);
        String server = System.getenv().getOrDefault("ANALYTICS_BENCH_JDBC_URL", "embedded");
        System.setProperty(TestPostgres.SERVER_PROPERTY, server);
        Out.progress("starting PostgreSQL (" + (server.equals("embedded") ? "embedded, under target/" : server) + ")");
        return work;
    }
}
