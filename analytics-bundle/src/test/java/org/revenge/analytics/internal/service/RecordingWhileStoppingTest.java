package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;
import org.revenge.analytics.spi.StorageUnavailableException;

/**
 * A caller may still hold the service while the plugin's bundle stops (update, uninstall): what it
 * records then is refused with the SPI's exception, never taken and silently lost.
 */
class RecordingWhileStoppingTest {

    IngestPipeline pipeline;
    LocalAnalyticsService service;

    @BeforeEach
    void stopThePlugin(@TempDir Path journal) throws Exception {
        Settings settings = Settings.from(TestConfigs.analytics(Map.of()));
        pipeline = new IngestPipeline(settings, journal, Clock.systemUTC());
        service = new LocalAnalyticsService(null, pipeline, settings, Clock.systemUTC());
        pipeline.close();
    }

    @Test
    void recordPlaybackIsRefusedAsStorageUnavailableAndNothingIsTaken() {
        Instant start = Instant.now().minusSeconds(3600);
        PlaybackEvent play = new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                MediaType.MOVIE, start, start.plusSeconds(600), 600, false, "web");

        assertThatThrownBy(() -> service.recordPlayback(play)).isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("recordPlayback refused: analytics is stopping");
        assertThat(pipeline.stats().accepted()).isZero();
    }

    @Test
    void recordLibraryScanIsRefusedAsStorageUnavailable() {
        ScanStats stats = new ScanStats(10, 1_000, 0, 0, 1, Instant.now().minusSeconds(60));

        assertThatThrownBy(() -> service.recordLibraryScan(UUID.randomUUID(), stats))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("recordLibraryScan refused: analytics is stopping");
    }
}
