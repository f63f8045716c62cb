package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;

/** The writer against a real PostgreSQL. */
class IngestPipelineTest {

    @TempDir
    Path journal;

    static PlaybackEvent play(UUID user, int durationSec) {
        Instant start = Instant.now().minus(Duration.ofDays(2));
        return new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, start,
                start.plus(Duration.ofDays(1)).plusSeconds(7200), durationSec, false, null);
    }

    @Test
    void aPlayTheDatabaseRefusesIsQuarantinedAndTheRestLands() throws Exception {
        DataSource database = Databases.migrated("refused");
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, Clock.systemUTC());
        UUID user = UUID.randomUUID();
        try {
            pipeline.bindStore(AnalyticsStore.over(database));
            // past validation (only the service and the handler check), the table's CHECK refuses it
            pipeline.record(new Signal.DirectPlay(play(user, 90_000)));
            pipeline.record(new Signal.DirectPlay(play(user, 600)));
            await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);
            pipeline.record(new Signal.DirectPlay(play(user, 700)));
            await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

            assertThat(Databases.count(database, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'"))
                    .isEqualTo(2);
            assertThat(pipeline.stats().quarantinedByReason()).containsEntry("play: refused by the database (SQLState 23514)", 1L);
            assertThat(pipeline.stats().journaled()).isZero();
        } finally {
            pipeline.close();
        }
    }

    @Test
    void aDayCoveredByAPartitionOfAnotherNameIsWrittenIntoItWithAWarningAndNothingSetAside() throws Exception {
        DataSource database = Databases.migrated("covered");
        // as an operator might make by hand: one partition for three days, under a name of their own
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(20);
        Databases.execute(database, "CREATE TABLE playback_events_by_hand PARTITION OF playback_events FOR VALUES FROM ('"
                + day.minusDays(1) + " 00:00+00') TO ('" + day.plusDays(2) + " 00:00+00')");
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, Clock.systemUTC());
        UUID user = UUID.randomUUID();
        try (StandardError log = StandardError.captured()) {
            pipeline.bindStore(AnalyticsStore.over(database));
            Sessions.of(user, day.atTime(12, 0).toInstant(ZoneOffset.UTC)).forEach(pipeline::record);
            await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

            assertThat(Databases.count(database, "SELECT count(*) FROM playback_events_by_hand WHERE user_id = '" + user + "'"))
                    .isOne();
            assertThat(pipeline.stats().quarantinedByReason()).isEmpty();
            assertThat(log.lines("Analytics could not create the partition of " + day)).hasSize(1).first().asString()
                    .contains("would overlap partition \"playback_events_by_hand\"");
        } finally {
            pipeline.close();
        }
    }
}
