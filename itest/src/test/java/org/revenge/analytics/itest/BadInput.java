package org.revenge.analytics.itest;

import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Every way the fuzz test breaks one field, and what the plugin must then name. The values are
 * wrong by what the SPI documents (AnalyticsTopics: ids are UUIDs, times epoch milliseconds, values
 * their native type or a string of it; PlaybackEvent and ScanStats: the ranges of each field;
 * README: events older than the raw retention of 90 days are refused), never by what the parser
 * happens to do.
 */
final class BadInput {

    private BadInput() {
    }

    /** Marks a property taken out of the event. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "(missing)";
        }
    };

    private static final String HUGE = "9".repeat(100_000);

    /** A bad value for a property, given the valid event's properties and the moment of posting. */
    interface BadValue extends BiFunction<Map<String, Object>, Instant, Object> {
    }

    private static BadValue constant(Object value) {
        return (event, now) -> value;
    }

    static final List<BadValue> BAD_UUIDS = List.of(constant(MISSING), constant(""), constant("   "), constant("not-a-uuid"),
            constant("123e4567-e89b-12d3-a456-42661417400g"), constant("ümlaut-ü-ü-ü-ü"), constant("123e4567\u0000e89b-12d3-a456-426614174000"),
            constant("a".repeat(100_000)), constant(42), constant(42L), constant(Boolean.TRUE), constant(1.5d),
            constant(new UUID(0, 0)), constant("00000000-0000-0000-0000-000000000000"));

    static final List<BadValue> BAD_SECONDS = List.of(constant(MISSING), constant(""), constant("abc"), constant("12abc"),
            constant("1.5"), constant(1.5d), constant(2.0f), constant(Boolean.FALSE), constant(UUID.randomUUID()), constant("-1"),
            constant(-1L), constant(Integer.MIN_VALUE), constant(Long.MAX_VALUE), constant(String.valueOf(Long.MAX_VALUE)),
            constant("99999999999999999999"), constant(HUGE), constant("1e3"), constant("12\u0000"), constant("12 s"),
            constant("12€"));

    static final List<BadValue> BAD_TIMESTAMPS = List.of(constant(""), constant("yesterday"), constant(1.0e12d),
            constant(Boolean.TRUE), constant("12\u0007"), constant(HUGE), constant("99999999999999999999"),
            (event, now) -> now.plus(Duration.ofDays(1)).toEpochMilli(),
            (event, now) -> String.valueOf(now.plus(Duration.ofDays(3650)).toEpochMilli()),
            constant(Long.MAX_VALUE), constant(Long.MIN_VALUE), constant(0L), constant("0"), constant(-1L),
            (event, now) -> now.minus(Duration.ofDays(91)).toEpochMilli());

    static final List<BadValue> BAD_MEDIA_TYPES = List.of(constant(MISSING), constant(""), constant("hologram"),
            constant("mövie"), constant("mo\u0000vie"), constant(1), constant(Boolean.TRUE), constant("m".repeat(100_000)),
            constant("movies"));

    /** client.type is optional: a missing or blank one is fine, so only what is wrong with one that is there. */
    static final List<BadValue> BAD_CLIENT_TYPES = List.of(constant("x".repeat(51)), constant("é".repeat(51)),
            constant("w".repeat(100_000)), constant("web\u0000"), constant("we\u0007b"), constant("web\u001bX"), constant(5),
            constant(Boolean.TRUE), constant(UUID.randomUUID()));

    static final List<BadValue> BAD_FLAGS = List.of(constant(MISSING), constant(""), constant("yes"), constant("1"),
            constant(1), constant("tru\u0000e"), constant(UUID.randomUUID()), constant("t".repeat(100_000)));

    static final List<BadValue> BAD_COUNTS = List.of(constant(MISSING), constant(""), constant("-1"), constant(-1L),
            constant(Integer.MIN_VALUE), constant("abc"), constant(2.5d), constant(Boolean.TRUE), constant("99999999999999999999"),
            constant(HUGE), constant("12\u0000"));

    /** A count that is more than the library's total items. */
    static final BadValue MORE_THAN_TOTAL = (event, now) -> Long.parseLong(String.valueOf(event.get(TOTAL_ITEMS))) + 1;

    /** The properties of each topic, with how each is broken. */
    static final Map<String, Map<String, List<BadValue>>> BY_TOPIC = Map.of(
            PLAYBACK_STARTED, Map.of(SESSION_ID, BAD_UUIDS, USER_ID, BAD_UUIDS, MEDIA_ID, BAD_UUIDS, LIBRARY_ID, BAD_UUIDS,
                    MEDIA_TYPE, BAD_MEDIA_TYPES, CLIENT_TYPE, BAD_CLIENT_TYPES, POSITION_SEC, BAD_SECONDS, RUNTIME_SEC, BAD_SECONDS,
                    TIMESTAMP, BAD_TIMESTAMPS),
            PLAYBACK_PROGRESS, Map.of(SESSION_ID, BAD_UUIDS, POSITION_SEC, BAD_SECONDS, PAUSED, BAD_FLAGS, TIMESTAMP, BAD_TIMESTAMPS),
            PLAYBACK_STOPPED, Map.of(SESSION_ID, BAD_UUIDS, POSITION_SEC, BAD_SECONDS, TIMESTAMP, BAD_TIMESTAMPS),
            LIBRARY_SCANNED, Map.of(LIBRARY_ID, BAD_UUIDS, TOTAL_ITEMS, BAD_COUNTS, TOTAL_SIZE_BYTES, BAD_COUNTS,
                    MISSING_METADATA, concat(BAD_COUNTS, MORE_THAN_TOTAL), ORPHANED_FILES, BAD_COUNTS,
                    ADDED_ITEMS, concat(BAD_COUNTS, MORE_THAN_TOTAL), TIMESTAMP, BAD_TIMESTAMPS));

    static final List<String> TOPICS = List.of(PLAYBACK_STARTED, PLAYBACK_PROGRESS, PLAYBACK_STOPPED, LIBRARY_SCANNED);

    private static List<BadValue> concat(List<BadValue> values, BadValue more) {
        List<BadValue> all = new java.util.ArrayList<>(values);
        all.add(more);
        return List.copyOf(all);
    }

    /**
     * A direct call that breaks one argument or field at or past its documented bound, with the
     * field the refusal must name ({@code InvalidInputException.field()}).
     */
    enum BadCall {
        NO_PLAY("event"),
        NO_ID("event.id"),
        NIL_ID("event.id"),
        NO_USER("event.userId"),
        NIL_USER("event.userId"),
        NO_MEDIA("event.mediaId"),
        NO_LIBRARY("event.libraryId"),
        NO_MEDIA_TYPE("event.mediaType"),
        NO_START("event.startedAt"),
        START_TOMORROW("event.startedAt"),
        START_AT_INSTANT_MAX("event.startedAt"),
        START_AT_INSTANT_MIN("event.startedAt"),
        START_PAST_RETENTION("event.startedAt"),
        DURATION_NEGATIVE("event.durationSec"),
        DURATION_INT_MIN("event.durationSec"),
        DURATION_OVER_A_DAY("event.durationSec"),
        DURATION_INT_MAX("event.durationSec"),
        DURATION_LONGER_THAN_PLAY("event.durationSec"),
        END_BEFORE_START("event.endedAt"),
        END_TOMORROW("event.endedAt"),
        END_AT_INSTANT_MAX("event.endedAt"),
        CLIENT_TOO_LONG("event.clientType"),
        CLIENT_CONTROL_CHARACTER("event.clientType"),
        SCAN_NO_LIBRARY("libraryId"),
        SCAN_NIL_LIBRARY("libraryId"),
        SCAN_NO_STATS("stats"),
        SCAN_NEGATIVE_TOTAL("stats.totalItems"),
        SCAN_NEGATIVE_SIZE("stats.totalSizeBytes"),
        SCAN_LONG_MIN_SIZE("stats.totalSizeBytes"),
        SCAN_NEGATIVE_MISSING("stats.missingMetadata"),
        SCAN_MISSING_OVER_TOTAL("stats.missingMetadata"),
        SCAN_NEGATIVE_ORPHANED("stats.orphanedFiles"),
        SCAN_NEGATIVE_ADDED("stats.addedItems"),
        SCAN_ADDED_OVER_TOTAL("stats.addedItems"),
        SCAN_NO_TIME("stats.scannedAt"),
        SCAN_TOMORROW("stats.scannedAt"),
        SCAN_AT_INSTANT_MAX("stats.scannedAt");

        final String field;

        BadCall(String field) {
            this.field = field;
        }

        boolean isScan() {
            return name().startsWith("SCAN_");
        }

        /** @return the play of this call, from a valid one */
        SpiCalls.Play play(SpiCalls.Play valid, Instant now) {
            SpiCalls.Play p = valid;
            return switch (this) {
                case NO_PLAY -> null;
                case NO_ID -> with(p, null, p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), p.clientType());
                case NIL_ID -> with(p, new UUID(0, 0), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), p.clientType());
                case NO_USER -> with(p, p.id(), null, p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), p.clientType());
                case NIL_USER -> with(p, p.id(), new UUID(0, 0), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), p.clientType());
                case NO_MEDIA -> with(p, p.id(), p.userId(), null, p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), p.clientType());
                case NO_LIBRARY -> with(p, p.id(), p.userId(), p.mediaId(), null, p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), p.clientType());
                case NO_MEDIA_TYPE -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), null, p.startedAt(), p.endedAt(), p.durationSec(), p.clientType());
                case NO_START -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), null, p.endedAt(), p.durationSec(), p.clientType());
                case START_TOMORROW -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), now.plus(Duration.ofDays(1)), null, 0, p.clientType());
                case START_AT_INSTANT_MAX -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), Instant.MAX, null, 0, p.clientType());
                case START_AT_INSTANT_MIN -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), Instant.MIN, p.endedAt(), 0, p.clientType());
                case START_PAST_RETENTION -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), now.minus(Duration.ofDays(91)), now.minus(Duration.ofDays(91)).plusSeconds(600), 300, p.clientType());
                case DURATION_NEGATIVE -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), -1, p.clientType());
                case DURATION_INT_MIN -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), Integer.MIN_VALUE, p.clientType());
                case DURATION_OVER_A_DAY -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), null, 86_401, p.clientType());
                case DURATION_INT_MAX -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), null, Integer.MAX_VALUE, p.clientType());
                case DURATION_LONGER_THAN_PLAY -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.startedAt().plusSeconds(100), 200, p.clientType());
                case END_BEFORE_START -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.startedAt().minusSeconds(1), 0, p.clientType());
                case END_TOMORROW -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), now.plus(Duration.ofDays(1)), 0, p.clientType());
                case END_AT_INSTANT_MAX -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), Instant.MAX, 0, p.clientType());
                case CLIENT_TOO_LONG -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), "c".repeat(51));
                case CLIENT_CONTROL_CHARACTER -> with(p, p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(), p.durationSec(), "web\u0000tv");
                default -> throw new IllegalStateException(this + " is a scan");
            };
        }

        /** @return the scan of this call, from a valid one */
        SpiCalls.Scan scan(SpiCalls.Scan s, Instant now) {
            return switch (this) {
                case SCAN_NO_LIBRARY, SCAN_NIL_LIBRARY -> s;
                case SCAN_NO_STATS -> null;
                case SCAN_NEGATIVE_TOTAL -> new SpiCalls.Scan(-1, s.totalSizeBytes(), 0, s.orphanedFiles(), 0, s.scannedAt());
                case SCAN_NEGATIVE_SIZE -> new SpiCalls.Scan(s.totalItems(), -1, s.missingMetadata(), s.orphanedFiles(), s.addedItems(), s.scannedAt());
                case SCAN_LONG_MIN_SIZE -> new SpiCalls.Scan(s.totalItems(), Long.MIN_VALUE, s.missingMetadata(), s.orphanedFiles(), s.addedItems(), s.scannedAt());
                case SCAN_NEGATIVE_MISSING -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), -1, s.orphanedFiles(), s.addedItems(), s.scannedAt());
                case SCAN_MISSING_OVER_TOTAL -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), s.totalItems() + 1, s.orphanedFiles(), s.addedItems(), s.scannedAt());
                case SCAN_NEGATIVE_ORPHANED -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), s.missingMetadata(), -1, s.addedItems(), s.scannedAt());
                case SCAN_NEGATIVE_ADDED -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), s.missingMetadata(), s.orphanedFiles(), -1, s.scannedAt());
                case SCAN_ADDED_OVER_TOTAL -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), s.missingMetadata(), s.orphanedFiles(), s.totalItems() + 1, s.scannedAt());
                case SCAN_NO_TIME -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), s.missingMetadata(), s.orphanedFiles(), s.addedItems(), null);
                case SCAN_TOMORROW -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), s.missingMetadata(), s.orphanedFiles(), s.addedItems(), now.plus(Duration.ofDays(1)));
                case SCAN_AT_INSTANT_MAX -> new SpiCalls.Scan(s.totalItems(), s.totalSizeBytes(), s.missingMetadata(), s.orphanedFiles(), s.addedItems(), Instant.MAX);
                default -> throw new IllegalStateException(this + " is a play");
            };
        }

        /** @return the library argument of this scan call */
        UUID library(UUID valid) {
            return switch (this) {
                case SCAN_NO_LIBRARY -> null;
                case SCAN_NIL_LIBRARY -> new UUID(0, 0);
                default -> valid;
            };
        }

        private static SpiCalls.Play with(SpiCalls.Play p, UUID id, UUID user, UUID media, UUID library, String type,
                Instant startedAt, Instant endedAt, int durationSec, String client) {
            return new SpiCalls.Play(id, user, media, library, type, startedAt, endedAt, durationSec, p.completed(), client);
        }
    }
}
