package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.testing.TestPostgres;

/** A database outage longer than the memory bound: the journal holds it, and a replay in batches writes it once. */
class OutageMemoryTest {

    @TempDir
    Path journal;

    @Test
    void anOutagePastTheMemoryBoundWaitsOnDiskAndIsWrittenOnceWhenTheDatabaseIsBack() throws Exception {
        int bound = 1_000;
        int sessions = 6_000;
        PGSimpleDataSource database = (PGSimpleDataSource) Databases.migrated("outage");
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("ingest.memory.max.events", bound,
                "ingest.batch.size", 500)));
        IngestPipeline pipeline = new IngestPipeline(settings, journal, Clock.systemUTC());
        UUID user = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(1));
        try {
            pipeline.bindStore(AnalyticsStore.over(database));
            Sessions.of(user, start.minusSeconds(600)).forEach(pipeline::record);
            await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

            try (AutoCloseable outage = TestPostgres.outage(database.getURL())) {
                for (int i = 0; i < sessions; i++) {
                    Sessions.of(user, start.plusSeconds(i)).forEach(pipeline::record);
                    if (i % 500 == 0) {
                        assertThat(pipeline.unwrittenInMemory()).as("held in memory during the outage").isLessThanOrEqualTo(bound + 500);
                    }
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.stats().appended() == 2L * sessions + 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.unwrittenInMemory() < bound);
                assertThat(pipeline.stats().journaled()).isEqualTo(2L * sessions);
            }

            String plays = "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'";
            await().atMost(Duration.ofSeconds(120)).until(pipeline::idle);
            assertThat(Databases.count(database, plays)).isEqualTo(sessions + 1);
            assertThat(Databases.count(database, plays + " AND duration_sec = 120")).isEqualTo(sessions + 1);
            assertThat(pipeline.stats().journaled()).isZero();
            assertThat(pipeline.stats().quarantinedByReason()).as("an outage is no record's fault").isEmpty();
        } finally {
            pipeline.close();
        }
    }
}
