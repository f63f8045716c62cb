package org.revenge.analytics.internal.demo;

import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Events a buggy host could post, one of each kind the plugin must refuse (and count) without
 * recording anything of them.
 */
final class BadEvents {

    private record Kind(String topic, String description, Consumer<Map<String, Object>> breakIt) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(PLAYBACK_STARTED, "a STARTED event without user.id", event -> event.remove(USER_ID)),
            new Kind(PLAYBACK_STARTED, "a STARTED event with media.type 'hologram'", event -> event.put(MEDIA_TYPE, "hologram")),
            new Kind(PLAYBACK_STARTED, "a STARTED event with runtime.sec 0", event -> event.put(RUNTIME_SEC, 0)),
            new Kind(PLAYBACK_STARTED, "a STARTED event dated tomorrow",
                    event -> event.put(TIMESTAMP, (Long) event.get(TIMESTAMP) + 86_400_000L)),
            new Kind(PLAYBACK_PROGRESS, "a PROGRESS event whose session.id is not a UUID",
                    event -> event.put(SESSION_ID, "not-a-session")),
            new Kind(PLAYBACK_PROGRESS, "a PROGRESS event with paused 'maybe'", event -> event.put(PAUSED, "maybe")),
            new Kind(PLAYBACK_STOPPED, "a STOPPED event at position.sec -5", event -> event.put(POSITION_SEC, -5)),
            new Kind(LIBRARY_SCANNED, "a library scan with more items missing metadata than items",
                    event -> event.put(MISSING_METADATA, (Long) event.get(TOTAL_ITEMS) + 1)));

    private BadEvents() {
    }

    static int kinds() {
        return KINDS.size();
    }

    /** @return the {@code index}-th kind of bad event, for a made-up session of the given listener */
    static Posting make(int index, Catalogue catalogue, Instant at, Random random) {
        Kind kind = KINDS.get(index % KINDS.size());
        Catalogue.Listener listener = catalogue.listeners().get(random.nextInt(catalogue.listeners().size()));
        Catalogue.Library library = catalogue.libraries().get(random.nextInt(catalogue.libraries().size()));
        Map<String, Object> event = new HashMap<>();
        event.put(TIMESTAMP, at.toEpochMilli());
        if (kind.topic().equals(LIBRARY_SCANNED)) {
            event.putAll(Scans.scan(library, LocalDate.ofInstant(at, ZoneOffset.UTC), at, random, false).properties());
        } else {
            event.put(SESSION_ID, UUID.randomUUID());
            event.put(USER_ID, listener.id());
            event.put(MEDIA_ID, library.items().get(0).id());
            event.put(LIBRARY_ID, library.id());
            event.put(MEDIA_TYPE, library.type().wireName());
            event.put(CLIENT_TYPE, listener.clients().get(0));
            event.put(POSITION_SEC, 0);
            event.put(RUNTIME_SEC, library.items().get(0).runtimeSec());
            event.put(PAUSED, false);
        }
        kind.breakIt().accept(event);
        return new Posting(at, kind.topic(), event, "Posting a deliberately bad event, " + kind.description()
                + ": Analytics should refuse it and count it");
    }
}
