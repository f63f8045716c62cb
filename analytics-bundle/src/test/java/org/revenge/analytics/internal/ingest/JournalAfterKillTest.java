package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;

/** What reached the journal survives a JVM killed with SIGKILL, and lands exactly once on restart. */
class JournalAfterKillTest {

    @TempDir
    Path journal;

    @Test
    void journaledSessionsLandAfterTheJvmWasKilled() throws Exception {
        int sessions = 2_000;
        UUID user = UUID.randomUUID();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledWriterProcess.class.getName(),
                journal.toString(), String.valueOf(sessions), user.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("JOURNALED"));
            assertThat(line).isEqualTo("JOURNALED " + 2 * sessions);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        DataSource database = Databases.migrated("killed");
        IngestPipeline restarted = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, Clock.systemUTC());
        try {
            restarted.bindStore(AnalyticsStore.over(database));
            String plays = "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'";
            await().atMost(Duration.ofSeconds(60)).until(() -> Databases.count(database, plays) == sessions);
            await().atMost(Duration.ofSeconds(10)).until(() -> restarted.stats().journaled() == 0);
            assertThat(Databases.count(database, plays + " AND duration_sec = 120")).isEqualTo(sessions);
            // closed, incomplete: kept only so that a resume within the window can continue them
            assertThat(Databases.count(database, "SELECT count(*) FROM playback_sessions WHERE closed_at IS NULL")).isZero();
        } finally {
            restarted.close();
        }
        // a second start finds nothing left to replay, and writes nothing twice
        IngestPipeline again = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, Clock.systemUTC());
        again.bindStore(AnalyticsStore.over(database));
        again.close();
        assertThat(Databases.count(database, "SELECT count(*) FROM playback_events")).isEqualTo(sessions);
    }
}
