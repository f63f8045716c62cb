package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.revenge.analytics.testing.TestPostgres;

/**
 * The way an operator who does not use our distribution installs the plugin: a stock Apache Karaf
 * 4.4.10 from Maven Central, the features repository added, {@code revenge-analytics} installed,
 * the configuration edited in {@code etc/}, and plays posted with Karaf's own {@code event:send}
 * (which sends every value as a string). Runs outside OSGi: Karaf is its own process.
 */
public class StockKarafIT {

    private static final Duration BOOT = Duration.ofSeconds(240);

    private final Path karaf = Path.of(System.getProperty("analytics.itest.karaf"));
    private Process process;

    @After
    public void stopKaraf() throws Exception {
        if (process != null && process.isAlive()) {
            run("bin/stop");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    public void featureInstallConfigureAndEventSendInAStockKaraf() throws Exception {
        String jdbcUrl = TestPostgres.freshDatabase("karaf");
        String version = System.getProperty("analytics.itest.version");
        // what an operator does: add the repository and the feature to the boot list, and a login for the shell
        edit("etc/org.apache.karaf.features.cfg", "(?m)^featuresRepositories = \\\\$",
                "featuresRepositories = \\\\\n    mvn:org.revenge.analytics/features/" + version + "/xml/features, \\\\");
        edit("etc/org.apache.karaf.features.cfg", "(?m)^featuresBoot = \\\\$", "featuresBoot = \\\\\n    revenge-analytics, \\\\");
        // the bundles come from the build's local repository, which need not be ~/.m2
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        edit("etc/org.ops4j.pax.url.mvn.cfg", "(?m)^#?org\\.ops4j\\.pax\\.url\\.mvn\\.localRepository=.*$",
                "org.ops4j.pax.url.mvn.localRepository=" + localRepository.replace("\\", "/"));
        edit("etc/users.properties", "(?m)^#(karaf = karaf,_g_:admingroup)$", "$1");
        edit("etc/users.properties", "(?m)^#(_g_\\\\:admingroup = .*)$", "$1");
        deleteTree(karaf.resolve("data"));
        Files.deleteIfExists(karaf.resolve("etc/org.revenge.analytics.cfg"));
        process = new ProcessBuilder("sh", "bin/karaf", "server").directory(karaf.toFile())
                .redirectErrorStream(true).redirectOutput(karaf.resolve("karaf-it.out").toFile()).start();

        // the feature writes the default configuration; the operator then points it at the database
        Path cfg = karaf.resolve("etc/org.revenge.analytics.cfg");
        await().atMost(BOOT).until(() -> Files.exists(cfg));
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(10)).until(() -> {
            pointAtDatabase(cfg, jdbcUrl);
            return Database.count(jdbcUrl, "SELECT count(*) FROM analytics_databasechangelog") >= 11;
        });

        UUID session = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        long stopped = Instant.now().toEpochMilli();
        long started = stopped - 900_000;
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(5)).until(() -> {
            shell("event:send org/revenge/playback/STARTED session.id=" + session + " user.id=" + user + " media.id="
                    + UUID.randomUUID() + " library.id=" + UUID.randomUUID() + " media.type=episode client.type=karaf-shell"
                    + " position.sec=0 runtime.sec=1000 timestamp=" + started);
            shell("event:send org/revenge/playback/STOPPED session.id=" + session + " position.sec=950 timestamp=" + stopped);
            return Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'") == 1;
        });

        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events e JOIN client_types c "
                + "ON c.code = e.client_code WHERE user_id = '" + user + "' AND completed AND duration_sec = 900 AND ended_sec = 900 "
                + "AND c.name = 'karaf-shell'")).isEqualTo(1);
        assertThat(Files.readString(karaf.resolve("data/log/karaf.log"))).contains("Analytics schema is up to date")
                .doesNotContain("ERROR | analytics");
    }

    /** Runs one command in Karaf's shell over SSH; bin/client prints nothing without a terminal, so the database is the witness. */
    private void shell(String command) throws IOException, InterruptedException {
        run("bin/client", "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "2", command);
    }

    private void run(String script, String... args) throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>(List.of("sh", script));
        commandLine.addAll(List.of(args));
        Process client = new ProcessBuilder(commandLine).directory(karaf.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(karaf.resolve("karaf-client.out").toFile())).start();
        client.waitFor(60, TimeUnit.SECONDS);
    }

    /**
     * Edits the configuration file as an operator would. Karaf notices a change by the file's time,
     * so the file is given a new one each time: an edit within the second the feature wrote it could
     * otherwise go unseen.
     */
    private static void pointAtDatabase(Path cfg, String jdbcUrl) throws IOException {
        String config = Files.readString(cfg).replaceAll("(?m)^jdbc\\.url = .*$", "jdbc.url = " + jdbcUrl)
                .replaceAll("(?m)^jdbc\\.user = .*$", "jdbc.user = ");
        Files.writeString(cfg, config);
        Files.setLastModifiedTime(cfg, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(1)));
    }

    /** A clean boot: Karaf keeps its bundle cache and installed features in data/. */
    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Applies one regular-expression edit to a file of the stock Karaf, once: a repeated run changes nothing. */
    private void edit(String file, String pattern, String replacement) throws IOException {
        Path path = karaf.resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        if (text.contains("revenge-analytics") && file.endsWith("features.cfg")) {
            return;
        }
        Files.writeString(path, text.replaceFirst(pattern, replacement), StandardCharsets.UTF_8);
    }
}
