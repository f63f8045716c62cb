package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher behind {@code ./run}, as an operator uses it: started with {@code --demo} on a data
 * directory of its own (and ports of its own, so a running ./run or Karaf does not matter), plays
 * appear in the embedded PostgreSQL, SIGINT stops everything it started, and a second start, without
 * the demo, has the same plays and takes the demo away.
 */
class RunCommandIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration STOP = Duration.ofMinutes(2);

    private final Path data = Path.of(System.getProperty("analytics.run.workdir", "target/it"))
            .resolve("run-" + System.currentTimeMillis()).toAbsolutePath();
    private final int[] ports = freePorts(4);
    private final List<Process> launchers = new ArrayList<>();
    private boolean passed;

    @Test
    void demoPlaysAreRecordedEverythingStopsOnSigintAndTheNextStartHasThem() throws Exception {
        Process first = launch(true, "first.out");
        await("plays and library scans of the demo in PostgreSQL").atMost(START).pollInterval(Duration.ofSeconds(2))
                .until(() -> alive(first) && count("SELECT count(*) FROM playback_events") > 0
                        && count("SELECT count(*) FROM library_stats_daily") > 0);
        Set<String> plays = ids();
        long karaf = Long.parseLong(Files.readString(data.resolve("karaf/karaf.pid")).strip());
        long postgres = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());

        interrupt(first);
        assertThat(output("first.out")).contains("Karaf has stopped", "Everything has stopped");
        assertEverythingStopped(karaf, postgres);

        Process second = launch(false, "second.out");
        await("the second start").atMost(START).pollInterval(Duration.ofSeconds(1))
                .until(() -> !alive(second) || output("second.out").contains("Karaf is up with"));
        assertThat(output("second.out")).contains("Karaf is up with revenge-analytics (", "Uninstalled revenge-analytics-demo");
        assertThat(ids()).as("the plays of the first run").containsAll(plays);
        assertThat(count("SELECT count(*) - count(DISTINCT (user_id, started_at)) FROM playback_events")).as("plays recorded twice").isZero();

        interrupt(second);
        assertThat(output("second.out")).contains("Everything has stopped");
        assertThat(processesOfThisDataDirectory()).isEmpty();
        passed = true;
    }

    /** Ends whatever a failed run left; a passed run's data directory (Karaf, PostgreSQL) goes too. */
    @AfterEach
    void cleanUp() throws IOException {
        for (Process launcher : launchers) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        processesOfThisDataDirectory().forEach(ProcessHandle::destroyForcibly);
        if (passed) {
            try (var paths = Files.walk(data)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private Process launch(boolean demo, String out) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                // Maven may have been started with SIGINT ignored, and children inherit that; ./run does the same
                "env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("analytics.run.jar") + ":"
                        + Files.readString(Path.of(System.getProperty("analytics.run.classpath"))).strip(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                Run.class.getName(), "--data", data.toString(),
                "--ssh-port", String.valueOf(ports[0]), "--pg-port", String.valueOf(ports[1]),
                "--rmi-registry-port", String.valueOf(ports[2]), "--rmi-server-port", String.valueOf(ports[3])));
        if (demo) {
            command.add("--demo");
        }
        Files.createDirectories(data);
        Process launcher = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve(out).toFile())).start();
        launchers.add(launcher);
        return launcher;
    }

    /** Ctrl-C, as the terminal sends it: SIGINT to the launcher alone. */
    private void interrupt(Process launcher) throws Exception {
        new ProcessBuilder("kill", "-INT", String.valueOf(launcher.pid())).inheritIO().start().waitFor();
        assertThat(launcher.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).as("the launcher ended after SIGINT").isTrue();
    }

    private void assertEverythingStopped(long karaf, long postgres) {
        assertThat(ProcessHandle.of(karaf).filter(ProcessHandle::isAlive)).as("Karaf's JVM").isEmpty();
        assertThat(ProcessHandle.of(postgres).filter(ProcessHandle::isAlive)).as("PostgreSQL").isEmpty();
        assertThat(data.resolve("postgres/postmaster.pid")).as("PostgreSQL shut down cleanly").doesNotExist();
        assertThat(processesOfThisDataDirectory()).isEmpty();
    }

    /** Any process whose command line names the data directory: Karaf, PostgreSQL, their helpers. */
    private List<ProcessHandle> processesOfThisDataDirectory() {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(data.toString())).orElse(false))
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .toList();
    }

    private static boolean alive(Process launcher) {
        if (!launcher.isAlive()) {
            throw new AssertionError("the launcher ended with exit value " + launcher.exitValue());
        }
        return true;
    }

    private String output(String file) throws IOException {
        return Files.readString(data.resolve(file));
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + ports[1] + "/postgres?user=postgres";
    }

    private long count(String sql) {
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private Set<String> ids() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_id || ' ' || started_at FROM playback_events")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // the port is free again either way
                }
            }
        }
    }
}
