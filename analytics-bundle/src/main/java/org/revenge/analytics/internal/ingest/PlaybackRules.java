package org.revenge.analytics.internal.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.revenge.analytics.internal.util.Arguments;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;

/**
 * What a play and a library scan must satisfy before anything of them is stored. Every check
 * names the field it refuses; a passing record comes back normalised (client type trimmed).
 */
public final class PlaybackRules {

    /** The default of {@code ingest.clock.skew.sec}: how far in the future a time may lie, for hosts whose clock runs ahead. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration rawRetention;
    private final Duration clockSkew;

    /**
     * @param clock        the clock "now" is read from
     * @param rawRetention how long raw plays are kept; older ones are refused
     */
    public PlaybackRules(Clock clock, Duration rawRetention) {
        this(clock, rawRetention, CLOCK_SKEW);
    }

    /**
     * @param clock        the clock "now" is read from
     * @param rawRetention how long raw plays are kept; older ones are refused
     * @param clockSkew    how far after now a time may lie
     */
    public PlaybackRules(Clock clock, Duration rawRetention, Duration clockSkew) {
        this.clock = clock;
        this.rawRetention = rawRetention;
        this.clockSkew = clockSkew;
    }

    /** @return how far after now a time may lie ({@code ingest.clock.skew.sec}) */
    public Duration clockSkew() {
        return clockSkew;
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
        Arguments.required("event.startedAt", event.startedAt());
        if (event.startedAt().isBefore(now.minus(rawRetention))) {
            throw new InvalidInputException("event.startedAt",
                    "is older than the raw-event retention of " + rawRetention.toDays() + " days");
        }
        Instant started = within("event.startedAt", event.startedAt(), now);
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
                started, event.endedAt(), event.durationSec(), event.completed(), clientType("event.clientType", event.clientType()),
                event.playMethod());
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
        count("stats.totalItems", stats.totalItems(), ScanStats.MAX_COUNT);
        count("stats.totalSizeBytes", stats.totalSizeBytes(), ScanStats.MAX_SIZE_BYTES);
        count("stats.missingMetadata", stats.missingMetadata(), ScanStats.MAX_COUNT);
        count("stats.orphanedFiles", stats.orphanedFiles(), ScanStats.MAX_COUNT);
        count("stats.addedItems", stats.addedItems(), ScanStats.MAX_COUNT);
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

    /**
     * @throws InvalidInputException unless {@code 0 <= value <= max}
     */
    public static void count(String field, long value, long max) {
        if (value < 0) {
            throw new InvalidInputException(field, "must not be negative, was " + value);
        }
        if (value > max) {
            throw new InvalidInputException(field, "must be at most " + max + ", was " + value);
        }
    }

    private Instant pastTime(String field, Instant time, Instant now) {
        Arguments.required(field, time);
        return within(field, time, now);
    }

    /**
     * Checks a time against what can be stored and trusted: from {@link AnalyticsService#EARLIEST_TIME}
     * to now plus the allowed clock skew.
     *
     * @return the time
     * @throws InvalidInputException naming the field and the bound it crosses
     */
    public Instant within(String field, Instant time, Instant now) {
        if (time.isBefore(AnalyticsService.EARLIEST_TIME)) {
            throw new InvalidInputException(field, "is before " + AnalyticsService.EARLIEST_TIME + ", the earliest time recorded");
        }
        if (time.isAfter(now.plus(clockSkew))) {
            throw new InvalidInputException(field, "is in the future (" + time + " is more than " + clockSkew.toSeconds()
                    + " s after " + now + "; ingest.clock.skew.sec allows " + clockSkew.toSeconds() + ")");
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
