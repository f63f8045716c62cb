package org.revenge.analytics.internal.admin.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.InvalidInputException;

class ParametersTest {

    private static void refused(Runnable parse, String field, String reasonPart) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reasonPart);
        });
    }

    @Nested
    class Uuids {
        @Test
        void aCanonicalUuidIsRead() {
            UUID id = UUID.randomUUID();
            assertThat(Parameters.uuid("userId", id.toString())).isEqualTo(id);
            assertThat(Parameters.uuid("userId", id.toString().toUpperCase())).isEqualTo(id);
        }

        @Test
        void anythingElseIsRefusedNamingTheField() {
            refused(() -> Parameters.uuid("userId", "1-2-3-4-5"), "userId", "must be a UUID");
            refused(() -> Parameters.uuid("userId", "0a11ce00-0000-4000-8000-00000000000g"), "userId", "must be a UUID");
            refused(() -> Parameters.uuid("userId", null), "userId", "is required");
        }
    }

    @Nested
    class Periods {
        @Test
        void isoDurationsAndAllAreRead() {
            assertThat(Parameters.period("period", "PT1H")).isEqualTo(Duration.ofHours(1));
            assertThat(Parameters.period("period", "P7D")).isEqualTo(Duration.ofDays(7));
            assertThat(Parameters.period("period", "all")).isEqualTo(AnalyticsService.ALL_TIME);
            assertThat(Parameters.period("period", "P36525D")).isEqualTo(AnalyticsService.ALL_TIME);
            // the short form the shell has always taken is the same syntax over HTTP
            assertThat(Parameters.period("period", "7d")).isEqualTo(Duration.ofDays(7));
            assertThat(Parameters.period("period", "24h")).isEqualTo(Duration.ofHours(24));
            assertThat(Parameters.period("period", "4W")).isEqualTo(Duration.ofDays(28));
        }

        @Test
        void outsideTheSpisRangeIsRefused() {
            refused(() -> Parameters.period("period", "PT59M"), "period", "at least 1h (PT1H)");
            refused(() -> Parameters.period("period", "P36526D"), "period", "at most");
            refused(() -> Parameters.period("period", "-P1D"), "period", "at least");
            refused(() -> Parameters.period("period", "P1M"), "period", "such as 24h, 7d, 4w (or ISO-8601");
            refused(() -> Parameters.period("period", "P401D", Parameters.MAX_DAILY_PERIOD), "period", "at most");
            refused(() -> Parameters.period("period", "all", Parameters.MAX_DAILY_PERIOD), "period", "at most");
        }
    }

    @Nested
    class Limits {
        @Test
        void oneToTheMaximumIsRead() {
            assertThat(Parameters.limit("limit", "1")).isEqualTo(1);
            assertThat(Parameters.limit("limit", "1000")).isEqualTo(AnalyticsService.MAX_LIMIT);
        }

        @Test
        void othersAreRefused() {
            refused(() -> Parameters.limit("limit", "0"), "limit", "from 1 to 1000");
            refused(() -> Parameters.limit("limit", "1001"), "limit", "from 1 to 1000");
            refused(() -> Parameters.limit("limit", "ten"), "limit", "whole number");
            refused(() -> Parameters.limit("limit", "99999999999"), "limit", "whole number");
        }
    }

    @Nested
    class Instants {
        @Test
        void aDateIsADayInUtcAndTheEndOfARangeIncludesIt() {
            assertThat(Parameters.instant("from", "2026-03-01", false)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
            assertThat(Parameters.instant("to", "2026-03-01", true)).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
            assertThat(Parameters.instant("from", "2026-03-01T12:00:00+01:00", false)).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        }

        @Test
        void malformedOrOffsetlessIsRefused() {
            refused(() -> Parameters.instant("from", "2026-02-30", false), "from", "must be a date");
            refused(() -> Parameters.instant("to", "2026-03-01T12:00:00", true), "to", "must be a date");
        }
    }

    @Test
    void formatsAndBooleans() {
        assertThat(Parameters.format("format", "CSV")).isEqualTo(ExportFormat.CSV);
        assertThat(Parameters.format("format", "json")).isEqualTo(ExportFormat.JSON);
        refused(() -> Parameters.format("format", "xml"), "format", "csv or json");
        assertThat(Parameters.bool("enabled", "false")).isFalse();
        refused(() -> Parameters.bool("enabled", "no"), "enabled", "true or false");
    }
}
