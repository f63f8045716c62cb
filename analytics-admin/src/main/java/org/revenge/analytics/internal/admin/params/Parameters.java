package org.revenge.analytics.internal.admin.params;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.InvalidInputException;

/**
 * Parses and checks the text parameters of the admin surfaces (HTTP query and path values, shell
 * arguments) into what the SPI takes. Each method either returns a value the SPI accepts or throws
 * {@link InvalidInputException} naming the parameter and saying what is wrong, exactly as the SPI
 * itself reports a bad argument.
 */
public final class Parameters {

    /** The word accepted for {@link AnalyticsService#ALL_TIME} wherever a period is. */
    public static final String ALL_TIME = "all";

    /** The short form of a period: a number and h, d or w. */
    private static final Pattern SHORT_PERIOD = Pattern.compile("(\\d{1,6})([hdw])");

    /** The longest period {@link AnalyticsService#getPlaysByDay} accepts. */
    public static final Duration MAX_DAILY_PERIOD = Duration.ofDays(400);

    private Parameters() {
    }

    /** A UUID in its canonical 8-4-4-4-12 hex form. */
    public static UUID uuid(String field, String text) {
        String value = required(field, text);
        if (value.length() != 36) {
            throw new InvalidInputException(field, "must be a UUID (8-4-4-4-12 hex digits), was '" + shown(value) + "'");
        }
        try {
            UUID parsed = UUID.fromString(value);
            if (!parsed.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(value);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be a UUID (8-4-4-4-12 hex digits), was '" + shown(value) + "'");
        }
    }

    /**
     * A period, the one syntax of every admin surface (HTTP API and shell): an ISO-8601 duration
     * ({@code PT1H}, {@code P7D}, {@code P30D}), the short form an admin types ({@code 24h},
     * {@code 7d}, {@code 4w}), or {@code all}; from {@link AnalyticsService#MIN_PERIOD} to {@code max}.
     */
    public static Duration period(String field, String text, Duration max) {
        String value = required(field, text);
        if (ALL_TIME.equalsIgnoreCase(value)) {
            if (max.compareTo(AnalyticsService.ALL_TIME) < 0) {
                throw new InvalidInputException(field, "must be at most " + shortPeriod(max) + ", was 'all'");
            }
            return AnalyticsService.ALL_TIME;
        }
        Duration period;
        Matcher shortForm = SHORT_PERIOD.matcher(value.toLowerCase(Locale.ROOT));
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                period = switch (shortForm.group(2)) {
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofDays(7 * amount);
                };
            } else {
                period = Duration.parse(value);
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new InvalidInputException(field, "must be a period such as 24h, 7d, 4w (or ISO-8601 PT24H, P7D), or 'all', was '"
                    + shown(value) + "'");
        }
        if (period.compareTo(AnalyticsService.MIN_PERIOD) < 0) {
            throw new InvalidInputException(field, "must be at least " + shortPeriod(AnalyticsService.MIN_PERIOD) + ", was '"
                    + shown(value) + "'");
        }
        if (period.compareTo(max) > 0) {
            throw new InvalidInputException(field, "must be at most " + shortPeriod(max) + ", was '" + shown(value) + "'");
        }
        return period;
    }

    /** A period in the short form, {@code 7d} or {@code 1h}, with its ISO-8601 form: {@code 7d (P7D)}. */
    private static String shortPeriod(Duration period) {
        return (period.toHours() % 24 == 0 ? period.toDays() + "d" : period.toHours() + "h") + " (" + period + ")";
    }

    /** A period up to {@link AnalyticsService#ALL_TIME}. */
    public static Duration period(String field, String text) {
        return period(field, text, AnalyticsService.ALL_TIME);
    }

    /** A whole number from 1 to {@link AnalyticsService#MAX_LIMIT}. */
    public static int limit(String field, String text) {
        String value = required(field, text);
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number from 1 to " + AnalyticsService.MAX_LIMIT
                    + ", was '" + shown(value) + "'");
        }
        if (limit < 1 || limit > AnalyticsService.MAX_LIMIT) {
            throw new InvalidInputException(field, "must be from 1 to " + AnalyticsService.MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    /**
     * An instant: ISO-8601 with an offset ({@code 2026-03-01T12:00:00Z}), or a date
     * ({@code 2026-03-01}) meaning that day's start in UTC, or, with {@code endOfDay}, the start of
     * the day after (so a date range names whole days, both ends included).
     */
    public static Instant instant(String field, String text, boolean endOfDay) {
        String value = required(field, text);
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidInputException(field, "must be a date (2026-03-01) or an ISO-8601 date-time with offset "
                    + "(2026-03-01T12:00:00Z), was '" + shown(value) + "'");
        }
    }

    /** A calendar year, 1970 to 9999. */
    public static int year(String field, String text) {
        String value = required(field, text);
        try {
            int year = Integer.parseInt(value);
            if (year >= 1970 && year <= 9999) {
                return year;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new InvalidInputException(field, "must be a year from 1970 to 9999, was '" + shown(value) + "'");
    }

    /** {@code csv} or {@code json}. */
    public static ExportFormat format(String field, String text) {
        String value = required(field, text);
        for (ExportFormat format : ExportFormat.values()) {
            if (format.name().equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new InvalidInputException(field, "must be csv or json, was '" + shown(value) + "'");
    }

    /** {@code true} or {@code false}. */
    public static boolean bool(String field, String text) {
        String value = required(field, text).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(field, "must be true or false, was '" + shown(value) + "'");
        };
    }

    private static String required(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return text.strip();
    }

    /** Echoes bad input back, but never much of it. */
    private static String shown(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }
}
