package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;

/** What the relay bundle sees of the sink: it takes events, or says clearly that it no longer does. */
class HostEventReceiverTest {

    @TempDir
    Path journal;

    private static Event started() {
        return new Event(PLAYBACK_STARTED, Map.of(SESSION_ID, UUID.randomUUID().toString(), USER_ID, UUID.randomUUID().toString(),
                MEDIA_ID, UUID.randomUUID().toString(), LIBRARY_ID, UUID.randomUUID().toString(), MEDIA_TYPE, "movie",
                POSITION_SEC, "0", RUNTIME_SEC, "6000", TIMESTAMP, String.valueOf(Instant.now().minusSeconds(60).toEpochMilli())));
    }

    @Test
    void takesEventsWhileThePipelineRuns() throws Exception {
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, Clock.systemUTC());
        try {
            new HostEventReceiver(pipeline, TestConfigs.analytics(Map.of())).accept(started());
            assertThat(pipeline.stats().accepted()).isEqualTo(1);
        } finally {
            pipeline.close();
        }
    }

    @Test
    void ignoresEventsWhileDisabled() throws Exception {
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of("enabled", false))), journal,
                Clock.systemUTC());
        try {
            new HostEventReceiver(pipeline, TestConfigs.analytics(Map.of())).accept(started());
            assertThat(pipeline.stats().accepted()).isZero();
        } finally {
            pipeline.close();
        }
    }

    @Test
    void refusesWithIllegalStateOnceThePipelineIsClosedSoTheRelayKeepsTheEvent() throws Exception {
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, Clock.systemUTC());
        pipeline.close();

        assertThatThrownBy(() -> new HostEventReceiver(pipeline, TestConfigs.analytics(Map.of())).accept(started()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(pipeline.stats().accepted()).isZero();
    }
}
