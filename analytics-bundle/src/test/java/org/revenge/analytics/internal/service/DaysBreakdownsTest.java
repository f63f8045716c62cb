package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.testing.MovingClock;

/**
 * The server's heat map, client types and completion rates of whole days share one read of the
 * writer-kept totals until the next write: the console page's heat map of 28 days and its client
 * types and completion rates of 30 make one read, not three. (That each equals plain SQL over the
 * raw plays, for every window, is QueryEqualityTest's.)
 */
class DaysBreakdownsTest {

    static final Instant NOW = Instant.parse("2026-11-20T18:00:00Z");
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    final MovingClock clock = new MovingClock(NOW);
    DataSource database;
    AnalyticsStore store;
    IngestPipeline pipeline;
    LocalAnalyticsService service;

    @BeforeEach
    void plays(@TempDir Path journal) throws Exception {
        database = Databases.migrated("breakdowns");
        store = AnalyticsStore.over(database);
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", ZONE.getId())));
        pipeline = new IngestPipeline(settings, journal, clock);
        pipeline.bindStore(store);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        SplittableRandom random = new SplittableRandom(3);
        List<PlaybackEvent> plays = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Instant start = NOW.minusSeconds(random.nextLong(Duration.ofDays(40).toSeconds()));
            plays.add(new PlaybackEvent(UUID.randomUUID(), new UUID(11, random.nextInt(9)), new UUID(12, random.nextInt(30)),
                    new UUID(13, 1), random.nextBoolean() ? MediaType.MOVIE : MediaType.EPISODE, start, start.plusSeconds(600), 540,
                    random.nextBoolean(), random.nextBoolean() ? "web" : "ios", null));
        }
        Databases.storePlays(store, plays, ZONE);
        store.changed();
    }

    @AfterEach
    void close() throws Exception {
        pipeline.close();
    }

    @Test
    void theConsolesThreeBreakdownsShareOneReadUntilTheNextWrite() throws SQLException {
        var heatMap = service.getPlaysByWeekdayAndHour(Duration.ofDays(28));
        // the totals change behind the store's back: what is read from here on shows whether it was read again
        Databases.execute(database, "UPDATE play_breakdown_daily SET play_count = play_count + 1000, completed_count = completed_count + 1000");

        var clients = service.getClientTypes(Duration.ofDays(30));
        var completion = service.getCompletionRates(Duration.ofDays(30));
        assertThat(clients).as("from the heat map's read").allSatisfy(client -> assertThat(client.plays()).isLessThan(1000));
        assertThat(completion.get(0).plays()).as("from the heat map's read").isLessThan(1000).isPositive();
        assertThat(service.getPlaysByWeekdayAndHour(Duration.ofDays(7))).as("a shorter heat map: the same read")
                .allSatisfy(cell -> assertThat(cell.plays()).isLessThan(1000));
        assertThat(service.getClientTypes(Duration.ofDays(7))).as("client types of other days: a read of their own")
                .allSatisfy(client -> assertThat(client.plays()).isGreaterThan(1000));

        store.changed();
        assertThat(service.getPlaysByWeekdayAndHour(Duration.ofDays(28))).as("after a write: read again")
                .isNotEqualTo(heatMap).allSatisfy(cell -> assertThat(cell.plays()).isGreaterThan(1000));
        assertThat(service.getCompletionRates(Duration.ofDays(30)).get(0).plays()).isGreaterThan(1000);
    }
}
