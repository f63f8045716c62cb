package org.revenge.analytics.runner;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 17 (zonky's binaries from Maven Central) with its data in a fixed directory and a fixed
 * port, so that what was recorded is there again at the next start. Zonky's own shutdown hook is
 * off: the launcher stops the server itself, after Karaf, so the plugin can write its last batch.
 */
final class EmbeddedPostgres implements AutoCloseable {

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /**
     * @param dataDirectory where the database lives; created (initdb) on the first start
     * @param binaries      where zonky unpacks the server binaries
     * @param log           the server's output
     */
    static EmbeddedPostgres start(Path dataDirectory, Path binaries, int port, Path log) throws IOException {
        Files.createDirectories(binaries);
        var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky's test defaults trade durability for speed; this database is meant to keep its data
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .start();
        return new EmbeddedPostgres(server, dataDirectory);
    }

    /** @return the server process id, as PostgreSQL notes it in postmaster.pid */
    Optional<Long> pid() {
        return postmasterPid(dataDirectory);
    }

    /** Stops the server (fast shutdown) and waits until its process has ended. */
    @Override
    public void close() throws IOException {
        Optional<ProcessHandle> process = pid().flatMap(ProcessHandle::of);
        server.close();
        if (process.isPresent()) {
            try {
                process.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("PostgreSQL (pid " + process.get().pid() + ") did not end within 60 s", e);
            }
        }
    }

    /**
     * A launcher that was killed leaves its server running on the data directory, and a second
     * server cannot start there: stop the old one first (fast shutdown, as pg_ctl stop -m fast).
     */
    static void stopLeftover(Path dataDirectory) throws IOException {
        Optional<ProcessHandle> leftover = postmasterPid(dataDirectory).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        Console.say("Stopping the embedded PostgreSQL a previous run left behind (pid " + leftover.get().pid() + ")");
        try {
            new ProcessBuilder(List.of("kill", "-INT", String.valueOf(leftover.get().pid()))).inheritIO().start().waitFor();
            leftover.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the PostgreSQL server left running on " + dataDirectory + " (pid " + leftover.get().pid()
                    + ") did not stop; stop it and run again", e);
        }
    }

    private static Optional<Long> postmasterPid(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
