package org.revenge.analytics.internal.ingest;

import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.osgi.service.event.Event;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.ScanStats;

/**
 * Turns a host event into a {@link Signal}, checking every property. Values may come as their
 * native type or as a string (Karaf's {@code event:send} sends only strings). A refusal is an
 * {@link InvalidInputException} that names the property. Pure computation: no I/O.
 */
public final class EventParser {

    /** The longest runtime or position accepted: a week, in seconds (long audiobooks stay well under). */
    static final int MAX_POSITION_SEC = 7 * 86_400;

    private final Clock clock;
    private final PlaybackRules rules;
    private final Duration rawRetention;

    public EventParser(Clock clock, PlaybackRules rules, Duration rawRetention) {
        this.clock = clock;
        this.rules = rules;
        this.rawRetention = rawRetention;
    }

    /**
     * @param event an event on one of the {@link org.revenge.analytics.spi.AnalyticsTopics} topics
     * @return the signal it carries
     * @throws InvalidInputException naming the first bad property
     */
    public Signal parse(Event event) {
        return switch (event.getTopic()) {
            case PLAYBACK_STARTED -> new Signal.Started(uuid(event, SESSION_ID), uuid(event, USER_ID), uuid(event, MEDIA_ID),
                    uuid(event, LIBRARY_ID), mediaType(event), clientType(event), position(event, POSITION_SEC, true),
                    runtime(event), time(event), playMethod(event));
            case PLAYBACK_PROGRESS -> new Signal.Progress(uuid(event, SESSION_ID), position(event, POSITION_SEC, true),
                    bool(event, PAUSED), time(event));
            case PLAYBACK_STOPPED -> new Signal.Stopped(uuid(event, SESSION_ID), position(event, POSITION_SEC, true), time(event));
            case LIBRARY_SCANNED -> scan(event);
            default -> throw new InvalidInputException("topic", "is not one the plugin counts: " + event.getTopic());
        };
    }

    private Signal scan(Event event) {
        UUID library = uuid(event, LIBRARY_ID);
        ScanStats stats = new ScanStats(count(event, TOTAL_ITEMS, ScanStats.MAX_COUNT),
                count(event, TOTAL_SIZE_BYTES, ScanStats.MAX_SIZE_BYTES), count(event, MISSING_METADATA, ScanStats.MAX_COUNT),
                count(event, ORPHANED_FILES, ScanStats.MAX_COUNT), count(event, ADDED_ITEMS, ScanStats.MAX_COUNT), time(event));
        try {
            return new Signal.Scan(library, rules.check(library, stats));
        } catch (InvalidInputException e) {
            // name the event property, not the record field
            throw new InvalidInputException(propertyOf(e.field()), e.reason());
        }
    }

    private static String propertyOf(String field) {
        return switch (field) {
            case "stats.missingMetadata" -> MISSING_METADATA;
            case "stats.addedItems" -> ADDED_ITEMS;
            case "stats.scannedAt" -> TIMESTAMP;
            default -> field;
        };
    }

    private static Object required(Event event, String key) {
        Object value = event.getProperty(key);
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new InvalidInputException(key, "is required");
        }
        return value;
    }

    static UUID uuid(Event event, String key) {
        Object value = required(event, key);
        UUID id;
        if (value instanceof UUID native_) {
            id = native_;
        } else if (value instanceof String text) {
            try {
                id = UUID.fromString(text.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(key, "is not a UUID");
            }
        } else {
            throw new InvalidInputException(key, "must be a UUID or a string, was a " + value.getClass().getSimpleName());
        }
        PlaybackRules.id(key, id);
        return id;
    }

    static long number(Event event, String key) {
        Object value = required(event, key);
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(key, "is not a whole number");
            }
        }
        throw new InvalidInputException(key, "must be a whole number or a string, was a " + value.getClass().getSimpleName());
    }

    private static long count(Event event, String key, long max) {
        long value = number(event, key);
        PlaybackRules.count(key, value, max);
        return value;
    }

    private static int position(Event event, String key, boolean zeroAllowed) {
        long value = number(event, key);
        if (value < (zeroAllowed ? 0 : 1) || value > MAX_POSITION_SEC) {
            throw new InvalidInputException(key, "must be between " + (zeroAllowed ? 0 : 1) + " and " + MAX_POSITION_SEC
                    + " seconds");
        }
        return (int) value;
    }

    private static int runtime(Event event) {
        return position(event, RUNTIME_SEC, false);
    }

    private static boolean bool(Event event, String key) {
        Object value = required(event, key);
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            String word = text.strip();
            if (word.equalsIgnoreCase("true")) {
                return true;
            }
            if (word.equalsIgnoreCase("false")) {
                return false;
            }
            throw new InvalidInputException(key, "must be true or false");
        }
        throw new InvalidInputException(key, "must be a boolean or a string, was a " + value.getClass().getSimpleName());
    }

    private static MediaType mediaType(Event event) {
        Object value = required(event, MEDIA_TYPE);
        if (value instanceof MediaType type) {
            return type;
        }
        if (!(value instanceof String text)) {
            throw new InvalidInputException(MEDIA_TYPE, "must be a string, was a " + value.getClass().getSimpleName());
        }
        return MediaType.fromWireName(text).orElseThrow(() ->
                new InvalidInputException(MEDIA_TYPE, "must be one of movie, episode, track, audiobook, other"));
    }

    /** The optional play method: absent (or blank) is unknown, anything else must name one. */
    private static PlayMethod playMethod(Event event) {
        Object value = event.getProperty(PLAY_METHOD);
        if (value == null || value instanceof PlayMethod) {
            return (PlayMethod) value;
        }
        if (!(value instanceof String text)) {
            throw new InvalidInputException(PLAY_METHOD, "must be a string, was a " + value.getClass().getSimpleName());
        }
        if (text.isBlank()) {
            return null;
        }
        return PlayMethod.fromWireName(text).orElseThrow(() ->
                new InvalidInputException(PLAY_METHOD, "must be one of direct-play, direct-stream, transcode"));
    }

    private static String clientType(Event event) {
        Object value = event.getProperty(CLIENT_TYPE);
        if (value != null && !(value instanceof String)) {
            throw new InvalidInputException(CLIENT_TYPE, "must be a string, was a " + value.getClass().getSimpleName());
        }
        return PlaybackRules.clientType(CLIENT_TYPE, (String) value);
    }

    /** The event's time; an event without one happened when it arrived. */
    private Instant time(Event event) {
        Instant now = clock.instant();
        Object value = event.getProperty(TIMESTAMP);
        Instant at = value == null ? now : Instant.ofEpochMilli(number(event, TIMESTAMP));
        if (at.isBefore(now.minus(rawRetention))) {
            throw new InvalidInputException(TIMESTAMP, "is older than the raw-event retention of " + rawRetention.toDays() + " days");
        }
        return rules.within(TIMESTAMP, at, now);
    }
}
