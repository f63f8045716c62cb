package org.revenge.analytics.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A {@link BenchNode} in a JVM of its own, driven through its standard input and output. */
final class NodeProcess implements AutoCloseable {

    /** The node's heap: its share is paced, so the node holds a bounded backlog, whatever the events. */
    private static final String HEAP = "-Xmx384m";

    final String id;
    final String role;
    private final Path work;
    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader answers;

    /**
     * Starts the node's JVM with this JVM's class path and local Maven repository.
     *
     * @param args {@link BenchNode}'s arguments after the work directory, the JDBC URL, the role and the id
     */
    NodeProcess(Path work, String jdbcUrl, String role, String id, List<String> args) throws IOException {
        this.id = id;
        this.role = role;
        this.work = work;
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseParallelGC", "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"),
                "-cp", classPath(), BenchNode.class.getName(), work.toString(), jdbcUrl, role, id));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectError(work.resolve("stderr.log").toFile()).start();
        commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @return this JVM's class path without SLF4J, which this JVM logs the embedded PostgreSQL with
     *         and a node does not use: on a node's class path, the plugin's SLF4J in Felix would find
     *         its provider there through the thread's context class loader, refuse it as another
     *         class loader's, and log nothing
     */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.matches(".*/slf4j-[^/]*\\.jar")).collect(Collectors.joining(File.pathSeparator));
    }

    /** @return the first line of the node's output that starts with {@code expected}, waiting at most {@code within} */
    String expect(String expected, Duration within) throws Exception {
        CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = answers.readLine()) != null;) {
                    if (line.startsWith(expected)) {
                        return line;
                    }
                }
                throw new IllegalStateException("node " + id + " ended before it said " + expected + "; see "
                        + work.resolve("stderr.log") + " and " + work.resolve("felix.log"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return seen.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    void send(String command) throws IOException {
        commands.write(command);
        commands.newLine();
        commands.flush();
    }

    /** Stops the node's framework in order, or its JVM after a minute. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                send("quit");
            } catch (IOException e) {
                // the node ended already
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
