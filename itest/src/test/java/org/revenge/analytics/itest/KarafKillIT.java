package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.junit.Rule;
import org.junit.Test;
import org.revenge.analytics.testing.TestPostgres;

/**
 * {@code kill -9} of a stock Apache Karaf 4.4.10 under traffic: the demo's counting probe posts
 * numbered sessions at 20 a second (each open 3 s), and Karaf's JVM is killed with SIGKILL, then
 * started again. Twice: with {@code journal.sync = batch}, then with the default ({@code interval}).
 *
 * <p>What "accepted" means: a session is accepted once its stop is in the plugin's journal, which
 * the probe learns from the plugin's own counters ({@code IngestStats.appended}) and writes to its
 * status file as {@code journaled}. A SIGKILL keeps what the process wrote (the page cache
 * survives), so in both sync modes every accepted session must be stored exactly once; what can be
 * lost is only what was still in memory, posted but not yet journaled (the plugin's queue, about
 * 50 ms). Nothing may be stored twice. Sync modes differ on a power loss, which this test does not
 * cause. The figures are printed for docs/RELIABILITY.md.
 */
public class KarafKillIT {

    private static final String READY = "Analytics recording is ready";
    /** Sessions the probe completes before each kill: about 10 s of traffic. */
    private static final int BEFORE_KILL = 200;

    /** Ports of its own (see README): none a Karaf default, none another Karaf test's. */
    @Rule
    public final StockKaraf karaf = new StockKaraf("kill", new StockKaraf.Ports(28141, 21139, 24484, 28221, 28145));

    @Test
    public void sigkillUnderTrafficLosesNoAcceptedSessionAndDoublesNone() throws Exception {
        String jdbcUrl = TestPostgres.freshDatabase("karafkill");
        UUID run = UUID.randomUUID();
        Path status = karaf.home().resolve("probe-status.properties");
        long firstStartMs = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
        karaf.bootFeatures("revenge-analytics", "revenge-analytics-demo");
        karaf.writeEtc("org.revenge.analytics.cfg", "jdbc.url = " + jdbcUrl + "\njournal.sync = batch\n");
        karaf.writeEtc("org.revenge.analytics.demo.cfg", "backfill.days = 1\nsessions.per.minute = 30\n");
        probe(run, firstStartMs, status, true);
        karaf.start();
        karaf.awaitLog(READY, 0);

        Kill batch = killUnderTraffic(run, firstStartMs, status);
        Figures batchFigures = figures("journal.sync = batch", batch, jdbcUrl, run);

        karaf.writeEtc("org.revenge.analytics.cfg", "jdbc.url = " + jdbcUrl + "\n");
        Kill interval = killUnderTraffic(run, firstStartMs, status);
        Figures intervalFigures = figures("journal.sync = interval (default)", interval, jdbcUrl, run);

        // the sessions open at each kill are stopped by the probe after the restart; then it pauses
        probe(run, firstStartMs, status, false);
        await("the probe stopping the sessions open at the kill").atMost(StockKaraf.BOOT)
                .until(() -> Long.parseLong(status(status).getProperty("stopped")) >= interval.started() + 20);
        probe(run, firstStartMs, status, true);
        await("the probe pausing").atMost(StockKaraf.BOOT).until(() -> "true".equals(status(status).getProperty("paused")));

        for (Figures figures : new Figures[] {batchFigures, intervalFigures}) {
            assertThat(figures.acceptedStored()).as("%s: accepted sessions stored", figures.mode()).isEqualTo(figures.accepted());
            assertThat(figures.accepted()).as("%s: sessions accepted before the kill", figures.mode()).isPositive();
            assertThat(figures.lost()).as("%s: lost only among those posted but not yet journaled", figures.mode())
                    .isLessThanOrEqualTo(figures.posted() - figures.accepted());
        }
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM (SELECT user_id FROM playback_events WHERE media_id = '" + run
                + "' GROUP BY user_id HAVING count(*) > 1) doubled")).as("probe sessions stored twice").isZero();
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE media_id = '" + run
                + "' AND duration_sec <> 120")).as("probe plays that are not whole").isZero();
    }

    /** What the probe had done when Karaf was killed. */
    private record Kill(long journaledFrom, long journaled, long stopped, long started) {
    }

    /** One kill's figures, as docs/RELIABILITY.md gives them. */
    private record Figures(String mode, long posted, long accepted, long acceptedStored, long stored, long lost) {
    }

    /** Runs the probe until it completed {@link #BEFORE_KILL} more sessions, kills Karaf, and starts it again with the probe paused. */
    private Kill killUnderTraffic(UUID run, long firstStartMs, Path status) throws Exception {
        probe(run, firstStartMs, status, false);
        long target = Long.parseLong(status(status).getProperty("stopped", "0")) + BEFORE_KILL;
        await("the probe stopping " + BEFORE_KILL + " sessions").atMost(StockKaraf.BOOT)
                .until(() -> Long.parseLong(status(status).getProperty("stopped", "0")) >= target);
        karaf.kill();
        Properties atKill = status(status);
        Kill kill = new Kill(Long.parseLong(atKill.getProperty("journaled.from")), Long.parseLong(atKill.getProperty("journaled")),
                Long.parseLong(atKill.getProperty("stopped")), Long.parseLong(atKill.getProperty("started")));
        // started again with the probe paused, so that what is stored afterwards is what survived the kill
        probe(run, firstStartMs, status, true);
        int ready = karaf.logCount(READY);
        karaf.start();
        karaf.awaitLog(READY, ready);
        return kill;
    }

    /** Waits until every accepted session is stored, then counts, over the sessions the probe stopped in this activation. */
    private Figures figures(String mode, Kill kill, String jdbcUrl, UUID run) {
        String range = "media_id = '" + run + "' AND user_id BETWEEN '" + new UUID(run.getMostSignificantBits(), kill.journaledFrom())
                + "' AND '" + new UUID(run.getMostSignificantBits(), kill.stopped() - 1) + "'";
        String accepted = "media_id = '" + run + "' AND user_id BETWEEN '" + new UUID(run.getMostSignificantBits(), kill.journaledFrom())
                + "' AND '" + new UUID(run.getMostSignificantBits(), kill.journaled() - 1) + "'";
        long acceptedCount = kill.journaled() - kill.journaledFrom();
        await(mode + ": the accepted sessions in PostgreSQL").atMost(StockKaraf.BOOT)
                .until(() -> Database.count(jdbcUrl, "SELECT count(DISTINCT user_id) FROM playback_events WHERE " + accepted) >= acceptedCount);
        long posted = kill.stopped() - kill.journaledFrom();
        long stored = Database.count(jdbcUrl, "SELECT count(DISTINCT user_id) FROM playback_events WHERE " + range);
        Figures figures = new Figures(mode, posted, acceptedCount,
                Database.count(jdbcUrl, "SELECT count(DISTINCT user_id) FROM playback_events WHERE " + accepted), stored,
                posted - stored);
        System.out.printf("kill -9, %s: sessions posted %d, accepted (journaled) %d, stored %d, lost %d, open at the kill %d%n",
                mode, figures.posted(), figures.accepted(), figures.stored(), figures.lost(), kill.started() - kill.stopped());
        return figures;
    }

    private void probe(UUID run, long firstStartMs, Path status, boolean paused) throws IOException {
        karaf.writeEtc("org.revenge.analytics.demo.probe.cfg", "run = " + run + "\nfirst.start.ms = " + firstStartMs
                + "\nsessions.per.second = 20\nopen.sec = 3\npaused = " + paused + "\nstatus.file = " + status + "\n");
    }

    private static Properties status(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        return properties;
    }
}
