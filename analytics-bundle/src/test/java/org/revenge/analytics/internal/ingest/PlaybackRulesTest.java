package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.revenge.analytics.internal.util.Arguments;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;

class PlaybackRulesTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    final PlaybackRules rules = new PlaybackRules(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90));

    static PlaybackEvent play() {
        return new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                MediaType.EPISODE, NOW.minusSeconds(3600), NOW.minusSeconds(1200), 2400, true, "web");
    }

    static PlaybackEvent with(UnaryOperator<Object[]> change) {
        PlaybackEvent p = play();
        Object[] f = {p.id(), p.userId(), p.mediaId(), p.libraryId(), p.mediaType(), p.startedAt(), p.endedAt(),
            p.durationSec(), p.completed(), p.clientType()};
        f = change.apply(f);
        return new PlaybackEvent((UUID) f[0], (UUID) f[1], (UUID) f[2], (UUID) f[3], (MediaType) f[4], (Instant) f[5],
                (Instant) f[6], (Integer) f[7], (Boolean) f[8], (String) f[9]);
    }

    static UnaryOperator<Object[]> set(int index, Object value) {
        return fields -> {
            fields[index] = value;
            return fields;
        };
    }

    void assertRefused(PlaybackEvent event, String field, String reason) {
        assertThatThrownBy(() -> rules.check(event))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).startsWith(field + ": ");
                });
    }

    @Nested
    class Plays {

        @Test
        void aGoodPlayPassesWithItsClientTypeTrimmed() {
            PlaybackEvent event = with(set(9, "  android-tv "));
            assertThat(rules.check(event).clientType()).isEqualTo("android-tv");
            assertThat(rules.check(event).id()).isEqualTo(event.id());
        }

        @Test
        void anOpenPlayPasses() {
            assertThat(rules.check(with(set(6, null))).endedAt()).isNull();
        }

        @Test
        void aBlankClientTypeIsStoredAsNone() {
            assertThat(rules.check(with(set(9, "   "))).clientType()).isNull();
        }

        @Test
        void noEventIsRefused() {
            assertRefused(null, "event", "is required");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 3})
        void everyMissingIdIsNamed(int index) {
            String[] names = {"event.id", "event.userId", "event.mediaId", "event.libraryId"};
            assertRefused(with(set(index, null)), names[index], "is required");
        }

        @Test
        void theNilUuidIsRefused() {
            assertRefused(with(set(1, new UUID(0, 0))), "event.userId", "nil UUID");
        }

        @Test
        void aMissingMediaTypeIsRefused() {
            assertRefused(with(set(4, null)), "event.mediaType", "is required");
        }

        @Test
        void aMissingStartIsRefused() {
            assertRefused(with(set(5, null)), "event.startedAt", "is required");
        }

        @Test
        void aStartInTheFutureIsRefused() {
            assertRefused(with(set(5, NOW.plus(Duration.ofHours(1)))), "event.startedAt", "is in the future");
        }

        @Test
        void aStartWithinTheClockSkewIsAccepted() {
            assertThat(rules.check(with(f -> {
                f[5] = NOW.plusSeconds(60);
                f[6] = null;
                return f;
            }))).isNotNull();
        }

        @Test
        void aStartOlderThanRetentionIsRefused() {
            assertRefused(with(set(5, NOW.minus(Duration.ofDays(91)))), "event.startedAt", "older than the raw-event retention of 90 days");
        }

        @Test
        void anEndBeforeTheStartIsRefused() {
            assertRefused(with(set(6, NOW.minusSeconds(7200))), "event.endedAt", "is before startedAt");
        }

        @Test
        void anEndInTheFutureIsRefused() {
            assertRefused(with(set(6, NOW.plus(Duration.ofDays(1)))), "event.endedAt", "is in the future");
        }

        @Test
        void aNegativeDurationIsRefused() {
            assertRefused(with(set(7, -1)), "event.durationSec", "must not be negative");
        }

        @Test
        void aDurationOverADayIsRefused() {
            assertRefused(with(f -> {
                f[5] = NOW.minus(Duration.ofDays(3));
                f[7] = 86_401;
                return f;
            }), "event.durationSec", "at most 86400");
        }

        @Test
        void aDurationLongerThanTheWallClockIsRefused() {
            assertRefused(with(set(7, 2500)), "event.durationSec", "more than the 2400 s between startedAt and endedAt");
        }

        @Test
        void anOversizedClientTypeIsRefused() {
            assertRefused(with(set(9, "x".repeat(51))), "event.clientType", "at most 50 characters");
        }

        @Test
        void aClientTypeWithControlCharactersIsRefused() {
            assertRefused(with(set(9, "web\u0000")), "event.clientType", "control characters");
        }
    }

    @Nested
    class Scans {

        final UUID library = UUID.randomUUID();

        ScanStats scan(long total, long size, long missing, long orphaned, long added, Instant at) {
            return new ScanStats(total, size, missing, orphaned, added, at);
        }

        void assertRefused(UUID libraryId, ScanStats stats, String field, String reason) {
            assertThatThrownBy(() -> rules.check(libraryId, stats))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo(field);
                        assertThat(e.reason()).contains(reason);
                    });
        }

        @Test
        void aGoodScanPasses() {
            ScanStats stats = scan(10, 1000, 1, 2, 3, NOW);
            assertThat(rules.check(library, stats)).isEqualTo(stats);
        }

        @Test
        void aMissingLibraryIsRefused() {
            assertRefused(null, scan(10, 1000, 1, 2, 3, NOW), "libraryId", "is required");
        }

        @Test
        void missingStatsAreRefused() {
            assertRefused(library, null, "stats", "is required");
        }

        @Test
        void negativeCountsAreRefusedByName() {
            assertRefused(library, scan(-1, 0, 0, 0, 0, NOW), "stats.totalItems", "must not be negative");
            assertRefused(library, scan(1, -5, 0, 0, 0, NOW), "stats.totalSizeBytes", "must not be negative");
            assertRefused(library, scan(1, 0, 0, -2, 0, NOW), "stats.orphanedFiles", "must not be negative");
        }

        @Test
        void moreMissingThanTotalIsRefused() {
            assertRefused(library, scan(1, 0, 2, 0, 0, NOW), "stats.missingMetadata", "more than totalItems");
        }

        @Test
        void aScanInTheFutureIsRefused() {
            assertRefused(library, scan(1, 0, 0, 0, 0, NOW.plus(Duration.ofDays(2))), "stats.scannedAt", "in the future");
        }
    }

    @Nested
    class QueryArguments {

        @Test
        void limitsBelowOneAreRefused() {
            assertThatThrownBy(() -> Arguments.limit(0)).hasMessage("limit: must be at least 1, was 0");
            assertThatThrownBy(() -> Arguments.limit(-3)).hasMessage("limit: must be at least 1, was -3");
        }

        @Test
        void hugeLimitsAreCapped() {
            assertThat(Arguments.limit(Integer.MAX_VALUE)).isEqualTo(1000);
            assertThat(Arguments.limit(25)).isEqualTo(25);
        }

        @Test
        void periodsOutsideOneHourToAllTimeAreRefused() {
            assertThatThrownBy(() -> Arguments.period("period", Duration.ofMinutes(59))).hasMessageStartingWith("period: must be between");
            assertThatThrownBy(() -> Arguments.period("period", Duration.ofDays(40_000))).hasMessageStartingWith("period: must be between");
            assertThatThrownBy(() -> Arguments.period("period", null)).hasMessage("period: is required");
            assertThat(Arguments.period("period", Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
        }
    }
}
