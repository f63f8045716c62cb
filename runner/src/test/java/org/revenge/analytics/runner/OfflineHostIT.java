package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Nothing ever leaves the machine", tested two ways at once. The host ({@code ./run --demo}: Karaf,
 * the plugin, the demo, the embedded PostgreSQL) runs in a network namespace that has only the
 * loopback interface, so anything that needed the network would fail there; and every
 * {@code connect} any of its processes makes is recorded with strace, so an attempt that fails
 * quietly is seen too. The test then checks that the plugin works (plays, scans, rollups, jobs, the
 * HTTP API's figures, the console page's charts) and that every connection attempted went to
 * loopback or a local socket. Needs root (for the
 * namespace), {@code unshare}, {@code ip}, {@code nsenter}, {@code strace} and {@code psql}, which
 * {@code .ci/run} installs.
 */
class OfflineHostIT {

    /** An address in strace's rendering of a {@code connect}: IPv4, or IPv6 with its scope. */
    private static final Pattern INET = Pattern.compile("sa_family=AF_INET,.*?sin_addr=inet_addr\\(\"([^\"]+)\"\\)");
    private static final Pattern INET6 = Pattern.compile("sa_family=AF_INET6,.*?inet_pton\\(AF_INET6, \"([^\"]+)\"");

    private final Launcher launcher = new Launcher("offline", 29111);
    private final Path trace = launcher.data.resolve("connect.trace");
    private Process host;
    private boolean passed;

    @Test
    void theHostWorksWithOnlyLoopbackAndConnectsNowhereElse() throws Exception {
        List<String> isolated = List.of(
                "unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec \"$@\"", "sh",
                // --seccomp-bpf stops the processes only at connect, so tracing costs next to nothing
                "strace", "--follow-forks", "--seccomp-bpf", "--quiet=all", "--trace=connect", "--signal=none", "--output=" + trace);
        host = launcher.start(isolated, "offline.out", "--demo");

        await("plays, library scans and a finished job of the demo").atMost(Launcher.START).pollInterval(Duration.ofSeconds(3))
                .until(() -> Launcher.alive(host) && count("SELECT count(*) FROM playback_events") > 0
                        && count("SELECT count(*) FROM library_stats_daily") > 0
                        && count("SELECT count(*) FROM media_stats_daily") > 0
                        && count("SELECT count(*) FROM analytics_job WHERE state = 'completed'") > 0);
        assertThat(launcher.output("offline.out")).contains("Karaf is up with revenge-analytics");
        launcher.assertKarafShutdownPortIsTheGivenOne();
        await("the figures through the HTTP API, and the console page's charts").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> inside("curl", "-sf", "-u", "karaf:karaf", launcher.url("/analytics/api/v1/system"))
                        .matches("(?s).*\"plays7d\"\\s*:\\s*[1-9].*")
                        && inside("curl", "-sf", "-u", "karaf:karaf", launcher.url("/system/console/analytics")).contains("<svg"));

        launcher.interrupt(host);
        assertThat(launcher.output("offline.out")).contains("Everything has stopped");

        List<String> connects = Files.readAllLines(trace, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("connect(")).toList();
        assertThat(connects).as("connections to the embedded PostgreSQL over TCP, so the tracer saw the JVM")
                .anyMatch(line -> line.contains("htons(" + launcher.pgPort + ")"));
        assertThat(offLoopback(connects)).as("connections attempted to anything but loopback or a local socket").isEmpty();
        passed = true;
    }

    /** The recorded connects whose address is neither a loopback address nor a local (unix, netlink) socket. */
    static List<String> offLoopback(List<String> connects) {
        List<String> away = new ArrayList<>();
        for (String line : connects) {
            Matcher inet = INET.matcher(line);
            Matcher inet6 = INET6.matcher(line);
            if (inet.find() ? !inet.group(1).startsWith("127.")
                    : inet6.find() && !(inet6.group(1).equals("::1") || inet6.group(1).startsWith("::ffff:127."))) {
                away.add(line);
            }
        }
        return away;
    }

    @AfterEach
    void cleanUp() throws IOException {
        launcher.close(passed);
    }

    /** Asks the embedded PostgreSQL, which listens inside the namespace, with psql run in there too. */
    private long count(String sql) throws Exception {
        String out = inside("psql", "-h", "127.0.0.1", "-p", String.valueOf(launcher.pgPort), "-U", "postgres",
                "-d", "postgres", "-XAtqc", sql).strip();
        return out.matches("\\d+") ? Long.parseLong(out) : -1;
    }

    /** Runs a command in the host's network namespace: its output, or "" if it failed. */
    private String inside(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("nsenter", "--target", String.valueOf(host.pid()), "--net", "--"));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? out : "";
    }
}
