package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;

import org.junit.Rule;
import org.junit.Test;
import org.revenge.analytics.testing.TestPostgres;

/**
 * The way an operator who does not use our distribution installs the plugin: a stock Apache Karaf
 * 4.4.10 from Maven Central, the features repository added, {@code revenge-analytics} installed,
 * the configuration edited in {@code etc/}, and plays posted with Karaf's own {@code event:send}
 * (which sends every value as a string). Runs outside OSGi: Karaf is its own process.
 */
public class StockKarafIT {

    private static final Duration BOOT = StockKaraf.BOOT;

    /** Ports of its own, so that it never meets the other Karaf tests' Karafs or ./run's. */
    @Rule
    public final StockKaraf karaf = new StockKaraf("stock", new StockKaraf.Ports(28111, 21109, 24454, 28191, 28115));

    /** A login with the viewer role only (and ssh, which Karaf's sshRole asks of every shell login). */
    private static final String VIEWER = "watcher";
    private static final String VIEWER_PASSWORD = "watcher-secret";

    private String jdbcUrl;

    @Test
    public void featureInstallConfigureAndEventSendInAStockKaraf() throws Exception {
        jdbcUrl = TestPostgres.freshDatabase("karaf");
        karaf.addUser(VIEWER, VIEWER_PASSWORD, "viewer", "ssh");
        karaf.bootFeatures("revenge-analytics");
        karaf.start();

        // the feature writes the default configuration; the operator then points it at the database
        Path cfg = karaf.home().resolve("etc/org.revenge.analytics.cfg");
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
            karaf.shell("event:send org/revenge/playback/STARTED session.id=" + session + " user.id=" + user + " media.id="
                    + UUID.randomUUID() + " library.id=" + UUID.randomUUID() + " media.type=episode client.type=karaf-shell"
                    + " position.sec=0 runtime.sec=1000 timestamp=" + started);
            karaf.shell("event:send org/revenge/playback/STOPPED session.id=" + session + " position.sec=950 timestamp=" + stopped);
            return Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'") == 1;
        });

        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events e JOIN client_types c "
                + "ON c.code = e.client_code WHERE user_id = '" + user + "' AND completed AND duration_sec = 900 AND ended_sec = 900 "
                + "AND c.name = 'karaf-shell'")).isEqualTo(1);
        assertThat(karaf.log()).contains("Analytics schema is up to date").doesNotContain("ERROR | analytics");

        headlessWithItsHealthChecksAndMBeans();
        theAdminFeatureBringsThePageTheApiAndTheCommandAcl(user);
    }

    /** revenge-analytics alone: the plugin and its monitoring, no HTTP service, no web console. */
    private void headlessWithItsHealthChecksAndMBeans() throws Exception {
        String bundles = karaf.shell("bundle:list -t 0 -s").out();
        assertThat(bundles).contains("org.revenge.analytics.bundle", "org.revenge.analytics.monitor",
                "org.apache.felix.healthcheck.core");
        assertThat(bundles).doesNotContain("org.apache.felix.webconsole", "org.ops4j.pax.web", "org.revenge.analytics.admin",
                "org.apache.felix.healthcheck.webconsoleplugin");

        try (JMXConnector connector = karaf.jmx()) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName analytics = new ObjectName("org.revenge.analytics:type=Analytics");
            await().atMost(BOOT).until(() -> server.isRegistered(analytics));
            assertThat(server.getAttribute(analytics, "Recording")).isEqualTo(true);
            assertThat((Long) server.getAttribute(analytics, "PlaysWritten")).isGreaterThanOrEqualTo(1);
            assertThat((Long) server.getAttribute(analytics, "EventsAccepted")).isGreaterThanOrEqualTo(2);
            assertThat((Long) server.getAttribute(analytics, "PlaysQueued")).isZero();
            assertThat((Long) server.getAttribute(analytics, "QuarantineSize")).isZero();
            assertThat((Long) server.getAttribute(analytics, "RecordsQuarantined")).isZero();
            assertThat((Long) server.getAttribute(analytics, "JournalFailures")).isZero();
            TabularData jobs = (TabularData) server.getAttribute(analytics, "JobStates");
            assertThat(jobs.values()).extracting(row -> (String) ((CompositeData) row).get("key")).contains("analytics.partitions");

            ObjectName pool = new ObjectName("com.zaxxer.hikari:type=Pool (revenge-analytics)");
            assertThat(server.isRegistered(pool)).as("HikariCP's pool MBean").isTrue();
            assertThat((Integer) server.getAttribute(pool, "TotalConnections")).isPositive();

            ObjectName database = healthCheck("analytics-database");
            ObjectName recording = healthCheck("analytics-recording");
            await().atMost(BOOT).until(() -> "OK".equals(String.valueOf(server.getAttribute(database, "status"))));
            await().atMost(BOOT).until(() -> "OK".equals(String.valueOf(server.getAttribute(recording, "status"))));
            assertThat(server.isRegistered(healthCheck("analytics-ingest"))).isTrue();
            assertThat(server.isRegistered(healthCheck("analytics-jobs"))).isTrue();
            ObjectName quarantine = healthCheck("analytics-quarantine");
            await().atMost(BOOT).until(() -> "OK".equals(String.valueOf(server.getAttribute(quarantine, "status"))));

            // the switch, through JMX: the recording check warns
            server.setAttribute(analytics, new Attribute("Recording", false));
            await().atMost(BOOT).until(() -> "WARN".equals(String.valueOf(server.getAttribute(recording, "status"))));
            server.setAttribute(analytics, new Attribute("Recording", true));
            await().atMost(BOOT).until(() -> "OK".equals(String.valueOf(server.getAttribute(recording, "status"))));
        }
    }

    private void theAdminFeatureBringsThePageTheApiAndTheCommandAcl(UUID user) throws Exception {
        karaf.shell("feature:install revenge-analytics-admin");
        await().atMost(BOOT).ignoreExceptions().until(() -> get("/system/console/analytics").statusCode() == 200);
        assertThat(get("/system/console/analytics").body()).contains("Analytics");
        await().atMost(BOOT).ignoreExceptions().until(() -> get("/analytics/api/v1/system").statusCode() == 200);
        assertThat(karaf.home().resolve("etc/org.revenge.analytics.http.cfg")).exists();
        assertThat(karaf.home().resolve("etc/org.apache.karaf.command.acl.analytics.cfg")).exists();

        // the metrics endpoint: off as installed, on once the operator says so
        assertThat(get("/analytics/api/v1/metrics").statusCode()).isEqualTo(404);
        Path httpCfg = karaf.home().resolve("etc/org.revenge.analytics.http.cfg");
        Files.writeString(httpCfg, Files.readString(httpCfg).replaceAll("(?m)^metrics\\.enabled = false$", "metrics.enabled = true"));
        Files.setLastModifiedTime(httpCfg, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(1)));
        await().atMost(BOOT).ignoreExceptions().until(() -> get("/analytics/api/v1/metrics").statusCode() == 200);
        assertThat(get("/analytics/api/v1/metrics").body()).contains("revenge_analytics_plays_written_total ",
                "revenge_analytics_recording_enabled 1");

        // the command ACL: a viewer reads, and is refused what changes or erases; an admin is not
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(2))
                .until(() -> karaf.shellAs(VIEWER, VIEWER_PASSWORD, "analytics:status").out().contains("recording"));
        for (String refused : List.of("analytics:forget-user " + user + " --force", "analytics:disable",
                "analytics:run-job analytics.partitions", "analytics:opt-out " + user, "analytics:export /tmp/plays.csv")) {
            StockKaraf.Output answer = karaf.shellAs(VIEWER, VIEWER_PASSWORD, refused);
            // Karaf hides a command the user may never run ("Command not found") and refuses one
            // whose arguments need a role the user lacks ("Insufficient credentials")
            assertThat(answer.all()).as(refused).containsAnyOf("Insufficient credentials", "Command not found")
                    .doesNotContain("Erased", "Recording is now", "queued");
        }
        // a list of user ids is an admin's too; the viewer's own reading commands are not refused
        assertThat(karaf.shellAs(VIEWER, VIEWER_PASSWORD, "analytics:opt-out").all()).containsAnyOf("Insufficient credentials",
                "Command not found");
        assertThat(karaf.shellAs(VIEWER, VIEWER_PASSWORD, "analytics:jobs").all()).doesNotContainIgnoringCase("credentials");
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isEqualTo(1);
        assertThat(karaf.shell("analytics:forget-user --force " + user).all()).contains("Erased user " + user);
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isZero();
    }

    private static ObjectName healthCheck(String name) throws Exception {
        return new ObjectName("org.apache.felix.healthcheck:type=HealthCheck,name=" + name);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(karaf.httpBase() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (StockKaraf.USER + ":" + StockKaraf.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
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
}
