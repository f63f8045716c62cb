package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.revenge.analytics.testing.TestPorts;

/**
 * The launcher behind {@code ./run} as the integration tests start it: the built jar and its class
 * path, a data directory and fixed ports of its own (so a running ./run or Karaf does not matter), the
 * output of each start in a file of the data directory. {@link #close(boolean)} ends whatever is left.
 */
final class Launcher {

    static final Duration START = Duration.ofMinutes(4);
    static final Duration STOP = Duration.ofMinutes(2);

    final Path data;
    final int sshPort;
    final int pgPort;
    final int httpPort;
    private final int[] rmiPorts;
    private final int shutdownPort;
    private final List<Process> started = new ArrayList<>();

    /**
     * @param name      the data directory's name, with the time after it
     * @param firstPort the first of six consecutive ports of the test's own, outside the ephemeral
     *                  range (a port chosen free from that range can be taken before Karaf binds it)
     */
    Launcher(String name, int firstPort) {
        data = Path.of(System.getProperty("analytics.run.workdir", "target/it"))
                .resolve(name + "-" + System.currentTimeMillis()).toAbsolutePath();
        for (int port = firstPort; port < firstPort + 6; port++) {
            TestPorts.outsideEphemeral(port);
        }
        sshPort = firstPort;
        pgPort = firstPort + 1;
        rmiPorts = new int[] {firstPort + 2, firstPort + 3};
        httpPort = firstPort + 4;
        shutdownPort = firstPort + 5;
    }

    /**
     * Starts the launcher; {@code wrapper} (possibly empty) comes first on the command line, for a
     * namespace or a tracer to run it in.
     */
    Process start(List<String> wrapper, String out, String... options) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                // Maven may have been started with SIGINT ignored, and children inherit that; ./run does the same
                "env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("analytics.run.jar") + ":"
                        + Files.readString(Path.of(System.getProperty("analytics.run.classpath"))).strip(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                Run.class.getName(), "--data", data.toString(),
                "--ssh-port", String.valueOf(sshPort), "--pg-port", String.valueOf(pgPort), "--http-port", String.valueOf(httpPort),
                "--rmi-registry-port", String.valueOf(rmiPorts[0]), "--rmi-server-port", String.valueOf(rmiPorts[1]),
                "--shutdown-port", String.valueOf(shutdownPort)));
        command.addAll(List.of(options));
        Files.createDirectories(data);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve(out).toFile())).start();
        started.add(process);
        return process;
    }

    /** Ctrl-C, as the terminal sends it: SIGINT to the launcher's JVM alone. */
    void interrupt(Process process) throws Exception {
        ProcessHandle launcher = launcherJvm(process);
        new ProcessBuilder("kill", "-INT", String.valueOf(launcher.pid())).inheritIO().start().waitFor();
        assertThat(process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).as("the launcher ended after SIGINT").isTrue();
    }

    /** The launcher's JVM: the process itself, or the descendant of a wrapper that runs {@link Run}. */
    private static ProcessHandle launcherJvm(Process process) {
        return process.descendants()
                .filter(child -> child.info().commandLine().map(line -> line.contains(Run.class.getName())).orElse(false))
                .findFirst().orElse(process.toHandle());
    }

    static boolean alive(Process launcher) {
        if (!launcher.isAlive()) {
            throw new AssertionError("the launcher ended with exit value " + launcher.exitValue());
        }
        return true;
    }

    /** The HTTP API's or the console's URL for a path, e.g. {@code /analytics/api/v1/system}. */
    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /**
     * Karaf's shutdown socket is on the port the launcher was given (Karaf writes the port it bound to
     * its port file), not a random one that could take another listener's port.
     */
    void assertKarafShutdownPortIsTheGivenOne() throws IOException {
        assertThat(Files.readString(data.resolve("karaf/data/port")).strip()).as("Karaf's shutdown port")
                .isEqualTo(String.valueOf(shutdownPort));
    }

    String output(String file) throws IOException {
        return Files.readString(data.resolve(file));
    }

    /** Any process whose command line names the data directory: Karaf, PostgreSQL, their helpers. */
    List<ProcessHandle> processesOfThisDataDirectory() {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(data.toString())).orElse(false))
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .toList();
    }

    /** Ends whatever a failed run left; a passed run's data directory (Karaf, PostgreSQL) goes too. */
    void close(boolean passed) throws IOException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
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
}
