package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

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

    @Test
    public void featureInstallConfigureAndEventSendInAStockKaraf() throws Exception {
        String jdbcUrl = TestPostgres.freshDatabase("karaf");
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
