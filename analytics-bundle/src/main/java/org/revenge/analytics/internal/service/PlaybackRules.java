package org.revenge.analytics.internal.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;

/**
 * What a play and a library scan must satisfy before anything of them is stored. Every check
 * names the field it refuses; a passing record comes back normalised (client type trimmed).
 */
public final class PlaybackRules {

    /** How far in the future a time may lie, for hosts whose clock runs a little ahead. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration rawRetention;

    /**
     * @param clock        the clock "now" is read from
     * @param rawRetention how long raw plays are kept; older ones are refused
     */
    public PlaybackRules(Clock clock, Duration rawRetention) {
        this.clock = clock;
        this.rawRetention = rawRetention;
    }

    /**
     * @param event a play from any source
     * @return the play, normalised
     * @throws InvalidInputException naming the first bad field as {@code event.<field>}
     */
    public PlaybackEvent check(PlaybackEvent event) {
        Arguments.required("event", event);
        Instant now = clock.instant();
        id("event.id", event.id());
        id("event.userId", event.userId());
        id("event.mediaId", event.mediaId());
        id("event.libraryId", event.libraryId());
        Arguments.required("event.mediaType", event.mediaType());
        Instant started = pastTime("event.startedAt", event.startedAt(), now);
        if (started.isBefore(now.minus(rawRetention))) {
            throw new InvalidInputException("event.startedAt",
                    "is older than the raw-event retention of " + rawRetention.toDays() + " days");
        }
        if (event.durationSec() < 0) {
            throw new InvalidInputException("event.durationSec", "must not be negative, was " + event.durationSec());
        }
        if (event.durationSec() > PlaybackEvent.MAX_DURATION_SEC) {
            throw new InvalidInputException("event.durationSec",
                    "must be at most " + PlaybackEvent.MAX_DURATION_SEC + " (one day), was " + event.durationSec());
        }
        if (event.endedAt() != null) {
            Instant ended = pastTime("event.endedAt", event.endedAt(), now);
            if (ended.isBefore(started)) {
                throw new InvalidInputException("event.endedAt", "is before startedAt");
            }
            long wallSeconds = Duration.between(started, ended).toSeconds();
            if (event.durationSec() > wallSeconds + 1) {
                throw new InvalidInputException("event.durationSec",
                        "is " + event.durationSec() + " s, more than the " + wallSeconds + " s between startedAt and endedAt");
            }
        }
        return new PlaybackEvent(event.id(), event.userId(), event.mediaId(), event.libraryId(), event.mediaType(),
                started, event.endedAt(), event.durationSec(), event.completed(), clientType("event.clientType", event.clientType()));
    }

    /**
     * @param libraryId the scanned library
     * @param stats     what the scan found
     * @return the stats, unchanged
     * @throws InvalidInputException naming the first bad argument or field
     */
    public ScanStats check(UUID libraryId, ScanStats stats) {
        id("libraryId", libraryId);
        Arguments.required("stats", stats);
        count("stats.totalItems", stats.totalItems());
        count("stats.totalSizeBytes", stats.totalSizeBytes());
        count("stats.missingMetadata", stats.missingMetadata());
        count("stats.orphanedFiles", stats.orphanedFiles());
        count("stats.addedItems", stats.addedItems());
        if (stats.missingMetadata() > stats.totalItems()) {
            throw new InvalidInputException("stats.missingMetadata", "is more than totalItems");
        }
        if (stats.addedItems() > stats.totalItems()) {
            throw new InvalidInputException("stats.addedItems", "is more than totalItems");
        }
        pastTime("stats.scannedAt", stats.scannedAt(), clock.instant());
        return stats;
    }

    /**
     * @throws InvalidInputException if the id is missing or the nil UUID
     */
    public static void id(String field, UUID id) {
        Arguments.required(field, id);
        if (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
            throw new InvalidInputException(field, "must not be the nil UUID");
        }
    }

    private static void count(String field, long value) {
        if (value < 0) {
            throw new InvalidInputException(field, "must not be negative, was " + value);
        }
    }

    private static Instant pastTime(String field, Instant time, Instant now) {
        Arguments.required(field, time);
        if (time.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidInputException(field, "is in the future (" + time + " is after " + now + ")");
        }
        return time;
    }

    /**
     * @return the client type trimmed, or {@code null} if it is missing or blank
     * @throws InvalidInputException if it is too long or holds control characters
     */
    public static String clientType(String field, String clientType) {
        if (clientType == null || clientType.isBlank()) {
            return null;
        }
        String trimmed = clientType.strip();
        if (trimmed.length() > PlaybackEvent.MAX_CLIENT_TYPE_LENGTH) {
            throw new InvalidInputException(field,
                    "must be at most " + PlaybackEvent.MAX_CLIENT_TYPE_LENGTH + " characters, was " + trimmed.length());
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, "must not contain control characters");
        }
        return trimmed;
    }
}
