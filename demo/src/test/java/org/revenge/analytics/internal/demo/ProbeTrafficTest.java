package org.revenge.analytics.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.internal.ingest.EventParser;
import org.revenge.analytics.internal.ingest.PlaybackRules;

/** The counting probe: numbered sessions, each one play by the plugin's own parser, continued after a restart. */
class ProbeTrafficTest {

    private static final Duration RETENTION = Duration.ofDays(90);
    private static final UUID RUN = UUID.fromString("6f1c3a52-9d7e-4b1a-8c2d-0a1b2c3d4e5f");
    private static final Instant NOW = Instant.parse("2026-03-15T18:00:00Z");

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(NOW.toEpochMilli());
    private final List<Event> sent = new ArrayList<>();
    private final EventAdmin eventAdmin = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            throw new AssertionError("the probe sends synchronously, so its status file never runs ahead of the relay");
        }

        @Override
        public void sendEvent(Event event) {
            sent.add(event);
        }
    };

    private ProbeConfiguration config(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of("run", RUN.toString(), "first_start_ms",
                NOW.minus(Duration.ofHours(1)).toEpochMilli(), "sessions_per_second", 10, "open_sec", 2, "paused", false,
                "status_file", dir.resolve("probe.properties").toString()));
        all.putAll(values);
        return (ProbeConfiguration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ProbeConfiguration.class},
                (proxy, method, args) -> all.get(method.getName()));
    }

    private void runFor(ProbeTraffic probe, Duration duration) {
        for (long ms = 0; ms < duration.toMillis(); ms += 100) {
            probe.tick();
            clock.addAndGet(100);
        }
    }

    private Properties status() throws IOException {
        Properties status = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("probe.properties"))) {
            status.load(in);
        }
        return status;
    }

    private List<Event> sent(String topic) {
        return sent.stream().filter(event -> event.getTopic().equals(topic)).toList();
    }

    @Test
    void sessionsStartInOrderAndStopAfterTheirOpenTimeAsOnePlayEach() throws IOException {
        ProbeTraffic probe = new ProbeTraffic(eventAdmin, config(Map.of()), clock::get);

        runFor(probe, Duration.ofSeconds(5));

        List<Event> starts = sent(PLAYBACK_STARTED);
        List<Event> stops = sent(PLAYBACK_STOPPED);
        assertThat(starts).hasSize(50);
        assertThat(stops).hasSize(30); // the last 2 s of sessions are still open
        for (int n = 0; n < stops.size(); n++) {
            assertThat(starts.get(n).getProperty(USER_ID)).isEqualTo(ProbeTraffic.user(RUN, n).toString());
            assertThat(stops.get(n).getProperty(SESSION_ID)).isEqualTo(starts.get(n).getProperty(SESSION_ID));
            long playedMs = Long.parseLong((String) stops.get(n).getProperty(TIMESTAMP))
                    - Long.parseLong((String) starts.get(n).getProperty(TIMESTAMP));
            assertThat(playedMs).isEqualTo(ProbeTraffic.PLAY_SEC * 1000L);
        }
        assertThat(starts.stream().map(event -> event.getProperty(SESSION_ID)).distinct()).hasSize(50);
        assertThat(status()).containsEntry("started", "50").containsEntry("stopped", "30").containsEntry("paused", "false");
    }

    @Test
    void everyEventIsOneThePluginAccepts() {
        ProbeTraffic probe = new ProbeTraffic(eventAdmin, config(Map.of()), clock::get);
        runFor(probe, Duration.ofSeconds(4));

        Clock end = Clock.fixed(Instant.ofEpochMilli(clock.get()), ZoneOffset.UTC);
        EventParser parser = new EventParser(end, new PlaybackRules(end, RETENTION), RETENTION);
        assertThat(sent).isNotEmpty().allSatisfy(parser::parse);
    }

    @Test
    void aRestartedProbeContinuesTheNumberingAndStopsWhatItLeftOpen() throws Exception {
        ProbeTraffic first = new ProbeTraffic(eventAdmin, config(Map.of()), clock::get);
        runFor(first, Duration.ofSeconds(3));
        first.stop();
        sent.clear();

        ProbeTraffic again = new ProbeTraffic(eventAdmin, config(Map.of()), clock::get);
        runFor(again, Duration.ofSeconds(3));

        assertThat(sent(PLAYBACK_STARTED).get(0).getProperty(USER_ID)).isEqualTo(ProbeTraffic.user(RUN, 30).toString());
        // sessions 10 to 29 were open at the stop; after open.sec they stop, first of all
        assertThat(sent(PLAYBACK_STOPPED)).hasSizeGreaterThanOrEqualTo(20);
        assertThat(status()).containsEntry("started", "60");
    }

    @Test
    void pausedItPostsNothingAndSaysSo() throws IOException {
        ProbeTraffic probe = new ProbeTraffic(eventAdmin, config(Map.of("paused", true)), clock::get);
        runFor(probe, Duration.ofSeconds(2));

        assertThat(sent).isEmpty();
        assertThat(status()).containsEntry("paused", "true").containsEntry("started", "0");
    }

    @Test
    void aBadValueIsNamed() {
        assertThatThrownBy(() -> new ProbeTraffic(eventAdmin, config(Map.of("sessions_per_second", 0)), clock::get))
                .hasMessage("sessions.per.second = 0: must be between 1 and 1000");
        assertThatThrownBy(() -> new ProbeTraffic(eventAdmin, config(Map.of("run", "seven")), clock::get))
                .hasMessage("run = 'seven': must be a UUID");
    }
}
