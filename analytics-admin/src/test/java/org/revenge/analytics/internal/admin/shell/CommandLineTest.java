package org.revenge.analytics.internal.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.ExportFormat;

class CommandLineTest {

    private static CommandLine parse(String... args) {
        return CommandLine.parse("analytics:test", List.of(args), Set.of("limit", "period", "format", "from"), Set.of("force"));
    }

    @Nested
    class Parsing {

        @Test
        void optionsTakeTheNextArgumentOrAnEqualsValue() {
            CommandLine line = parse("--limit", "5", "--period=24h", "file.csv", "--force");
            assertThat(line.intOption("limit", 10, 1, 1000)).isEqualTo(5);
            assertThat(line.periodOption("period", Duration.ofDays(7), Duration.ofDays(36_525))).isEqualTo(Duration.ofHours(24));
            assertThat(line.flag("force")).isTrue();
            assertThat(line.positional(0)).contains("file.csv");
        }

        @Test
        void defaultsApplyWhenAnOptionIsAbsent() {
            CommandLine line = parse();
            assertThat(line.intOption("limit", 10, 1, 1000)).isEqualTo(10);
            assertThat(line.periodOption("period", Duration.ofDays(7), Duration.ofDays(36_525))).isEqualTo(Duration.ofDays(7));
            assertThat(line.enumOption("format", ExportFormat.class, ExportFormat.CSV)).isEqualTo(ExportFormat.CSV);
            assertThat(line.flag("force")).isFalse();
        }

        @Test
        void helpIsAlwaysAFlag() {
            assertThat(parse("--help").flag("help")).isTrue();
            assertThat(parse("-h").flag("help")).isTrue();
        }

        @Test
        void aDoubleDashMakesTheRestPositional() {
            assertThat(parse("--", "--force").positional(0)).contains("--force");
        }

        @Test
        void periodsInHoursDaysWeeksAndAll() {
            Duration max = Duration.ofDays(36_525);
            assertThat(parse("--period", "4w").periodOption("period", null, max)).isEqualTo(Duration.ofDays(28));
            assertThat(parse("--period", "all").periodOption("period", null, max)).isEqualTo(max);
            assertThat(parse("--period", "1h").periodOption("period", null, max)).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void fromAcceptsADayInTheZoneOrAnInstant() {
            assertThat(parse("--from", "2026-11-01").instantOption("from", ZoneOffset.ofHours(1)))
                    .contains(Instant.parse("2026-10-31T23:00:00Z"));
            assertThat(parse("--from", "2026-11-01T10:00:00Z").instantOption("from", ZoneOffset.UTC))
                    .contains(Instant.parse("2026-11-01T10:00:00Z"));
        }
    }

    @Nested
    class BadArguments {

        @Test
        void anUnknownOptionIsNamedWithTheKnownOnes() {
            assertThatThrownBy(() -> parse("--limt", "5")).isInstanceOf(CommandException.class)
                    .hasMessageStartingWith("analytics:test: unknown option '--limt'").hasMessageContaining("--limit");
        }

        @Test
        void anOptionWithoutItsValue() {
            assertThatThrownBy(() -> parse("--limit")).hasMessage("analytics:test: --limit needs a value");
        }

        @Test
        void aFlagGivenAValue() {
            assertThatThrownBy(() -> parse("--force=yes")).hasMessageContaining("--force takes no value");
        }

        @Test
        void anOptionGivenTwice() {
            assertThatThrownBy(() -> parse("--limit", "1", "--limit", "2")).hasMessage("analytics:test: --limit is given twice");
        }

        @Test
        void aLimitThatIsNoNumberOrOutOfRange() {
            assertThatThrownBy(() -> parse("--limit", "ten").intOption("limit", 10, 1, 1000))
                    .hasMessage("analytics:test: --limit must be a whole number from 1 to 1000, not 'ten'");
            assertThatThrownBy(() -> parse("--limit", "0").intOption("limit", 10, 1, 1000))
                    .hasMessageContaining("from 1 to 1000, not '0'");
        }

        @Test
        void aPeriodThatIsNoPeriodOrTooLong() {
            assertThatThrownBy(() -> parse("--period", "7days").periodOption("period", null, Duration.ofDays(400)))
                    .hasMessage("analytics:test: --period must be a period such as 24h, 7d, 4w (or ISO-8601 PT24H, P7D), or 'all', was '7days'");
            assertThatThrownBy(() -> parse("--period", "500d").periodOption("period", null, Duration.ofDays(400)))
                    .hasMessage("analytics:test: --period must be at most 400d (PT9600H), was '500d'");
            assertThatThrownBy(() -> parse("--period", "0h").periodOption("period", null, Duration.ofDays(400)))
                    .hasMessageContaining("must be at least 1h (PT1H), was '0h'");
        }

        @Test
        void aUserIdThatIsNoUuid() {
            assertThatThrownBy(() -> parse().uuid("USER-ID", "bob")).hasMessageStartingWith("analytics:test: USER-ID must be a UUID")
                    .hasMessageEndingWith("not 'bob'");
            // UUID.fromString accepts short groups; an admin's typo should not become another user
            assertThatThrownBy(() -> parse().uuid("USER-ID", "1-2-3-4-5")).isInstanceOf(CommandException.class);
            UUID id = UUID.randomUUID();
            assertThat(parse().uuid("USER-ID", id.toString().toUpperCase())).isEqualTo(id);
        }

        @Test
        void aFormatOutsideTheChoices() {
            assertThatThrownBy(() -> parse("--format", "xml").enumOption("format", ExportFormat.class, ExportFormat.CSV))
                    .hasMessage("analytics:test: --format must be one of csv, json, not 'xml'");
        }

        @Test
        void aDateThatIsNoDate() {
            assertThatThrownBy(() -> parse("--from", "yesterday").instantOption("from", ZoneOffset.UTC))
                    .hasMessageStartingWith("analytics:test: --from must be a date such as 2026-11-01");
        }

        @Test
        void missingAndExtraPositionals() {
            assertThatThrownBy(() -> parse().expectPositionals(1, 1, "USER-ID")).hasMessage("analytics:test: missing USER-ID");
            assertThatThrownBy(() -> parse("a", "b").expectPositionals(1, 1, "USER-ID"))
                    .hasMessage("analytics:test: unexpected argument 'b'; it takes USER-ID");
            assertThatThrownBy(() -> parse("a").expectPositionals(0, 0, ""))
                    .hasMessage("analytics:test: unexpected argument 'a'; it takes none");
        }
    }
}
