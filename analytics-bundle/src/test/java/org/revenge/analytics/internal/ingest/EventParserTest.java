package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.service.event.Event;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;

class EventParserTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final EventParser parser = new EventParser(clock, new PlaybackRules(clock, Duration.ofDays(90)), Duration.ofDays(90));

    static Map<String, Object> started() {
        Map<String, Object> p = new HashMap<>();
        p.put(SESSION_ID, UUID.randomUUID());
        p.put(USER_ID, UUID.randomUUID());
        p.put(MEDIA_ID, UUID.randomUUID());
        p.put(LIBRARY_ID, UUID.randomUUID());
        p.put(MEDIA_TYPE, "episode");
        p.put(CLIENT_TYPE, "web");
        p.put(POSITION_SEC, 0);
        p.put(RUNTIME_SEC, 1500L);
        p.put(TIMESTAMP, NOW.minusSeconds(10).toEpochMilli());
        return p;
    }

    void assertRefused(String topic, Map<String, Object> properties, String field, String reason) {
        assertThatThrownBy(() -> parser.parse(new Event(topic, properties)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reason);
                });
    }

    @Test
    void aStartWithNativeValuesIsRead() {
        Map<String, Object> p = started();
        Signal.Started signal = (Signal.Started) parser.parse(new Event(PLAYBACK_STARTED, p));

        assertThat(signal.sessionId()).isEqualTo(p.get(SESSION_ID));
        assertThat(signal.mediaType()).isEqualTo(MediaType.EPISODE);
        assertThat(signal.runtimeSec()).isEqualTo(1500);
        assertThat(signal.at()).isEqualTo(NOW.minusSeconds(10));
    }

    @Test
    void everyValueMayComeAsAString() {
        Map<String, Object> p = new HashMap<>();
        started().forEach((key, value) -> p.put(key, " " + value + " "));
        Signal.Started signal = (Signal.Started) parser.parse(new Event(PLAYBACK_STARTED, p));
        assertThat(signal.clientType()).isEqualTo("web");

        Signal.Progress progress = (Signal.Progress) parser.parse(new Event(PLAYBACK_PROGRESS, Map.of(SESSION_ID,
                signal.sessionId().toString(), POSITION_SEC, "42", PAUSED, "TRUE", TIMESTAMP, String.valueOf(NOW.toEpochMilli()))));
        assertThat(progress.paused()).isTrue();
        assertThat(progress.positionSec()).isEqualTo(42);
    }

    @ParameterizedTest
    @CsvSource({"direct-play, DIRECT_PLAY", "' Direct-Stream ', DIRECT_STREAM", "TRANSCODE, TRANSCODE"})
    void thePlayMethodIsRead(String value, PlayMethod method) {
        Map<String, Object> p = started();
        p.put(PLAY_METHOD, value);
        assertThat(((Signal.Started) parser.parse(new Event(PLAYBACK_STARTED, p))).playMethod()).isEqualTo(method);
        p.put(PLAY_METHOD, method);
        assertThat(((Signal.Started) parser.parse(new Event(PLAYBACK_STARTED, p))).playMethod()).isEqualTo(method);
    }

    @Test
    void aStartWithoutAPlayMethodHasNoneKnown() {
        Map<String, Object> p = started();
        assertThat(((Signal.Started) parser.parse(new Event(PLAYBACK_STARTED, p))).playMethod()).isNull();
        p.put(PLAY_METHOD, "  ");
        assertThat(((Signal.Started) parser.parse(new Event(PLAYBACK_STARTED, p))).playMethod()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"direct", "transcoding", "direct_play", "hls", "direct-play-ish"})
    void aBadPlayMethodIsRefusedByName(String value) {
        Map<String, Object> p = started();
        p.put(PLAY_METHOD, value);
        assertRefused(PLAYBACK_STARTED, p, PLAY_METHOD, "must be one of direct-play, direct-stream, transcode");
    }

    @Test
    void aPlayMethodOfTheWrongTypeIsRefusedByName() {
        Map<String, Object> p = started();
        p.put(PLAY_METHOD, 1);
        assertRefused(PLAYBACK_STARTED, p, PLAY_METHOD, "must be a string, was a Integer");
    }

    @Test
    void anEventWithoutATimestampHappenedOnArrival() {
        Map<String, Object> p = started();
        p.remove(TIMESTAMP);
        assertThat(((Signal.Started) parser.parse(new Event(PLAYBACK_STARTED, p))).at()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @CsvSource({
        "session.id, , is required",
        "session.id, not-a-uuid, is not a UUID",
        "user.id, 00000000-0000-0000-0000-000000000000, nil UUID",
        "media.type, podcast, must be one of movie, episode, track, audiobook, other",
        "position.sec, -1, must be between 0 and",
        "position.sec, 99999999, must be between 0 and",
        "position.sec, 1.5, is not a whole number",
        "runtime.sec, 0, must be between 1 and",
        "client.type, " + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + ", at most 50 characters",
        "timestamp, 1, older than the raw-event retention",
        "timestamp, 99999999999999, is in the future",
    })
    void aBadStartPropertyIsNamed(String key, String value, String reason) {
        Map<String, Object> p = started();
        if (value == null) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
        assertRefused(PLAYBACK_STARTED, p, key, reason);
    }

    @Test
    void wrongPropertyTypesAreNamed() {
        Map<String, Object> p = started();
        p.put(USER_ID, 42);
        assertRefused(PLAYBACK_STARTED, p, USER_ID, "must be a UUID or a string, was a Integer");

        Map<String, Object> q = started();
        q.put(POSITION_SEC, 3.5d);
        assertRefused(PLAYBACK_STARTED, q, POSITION_SEC, "must be a whole number or a string, was a Double");

        assertRefused(PLAYBACK_PROGRESS, Map.of(SESSION_ID, UUID.randomUUID(), POSITION_SEC, 1, PAUSED, "maybe"),
                PAUSED, "must be true or false");
    }

    @Test
    void aScanIsReadAndCheckedAgainstItsOwnFigures() {
        UUID library = UUID.randomUUID();
        Map<String, Object> p = new HashMap<>(Map.of(LIBRARY_ID, library.toString(), TOTAL_ITEMS, "100",
                TOTAL_SIZE_BYTES, 5_000_000_000L, MISSING_METADATA, 3, ORPHANED_FILES, 1, ADDED_ITEMS, 7));
        Signal.Scan scan = (Signal.Scan) parser.parse(new Event(LIBRARY_SCANNED, p));
        assertThat(scan.libraryId()).isEqualTo(library);
        assertThat(scan.stats().totalSizeBytes()).isEqualTo(5_000_000_000L);

        p.put(MISSING_METADATA, 101);
        assertRefused(LIBRARY_SCANNED, p, MISSING_METADATA, "is more than totalItems");
        p.put(MISSING_METADATA, -1);
        assertRefused(LIBRARY_SCANNED, p, MISSING_METADATA, "must not be negative");
    }
}
