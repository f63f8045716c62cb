package org.revenge.analytics.internal.admin.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.revenge.analytics.internal.admin.json.JsonWriter;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.ItemActivity;
import org.revenge.analytics.spi.PlayRecord;

/**
 * What the console page's script asks for below the page's own address, behind the same login:
 * its files ({@code res/console.js}, and uPlot, served from the bundle so the page works offline)
 * and its figures as JSON: {@code days.json}, the days of a period, {@code day.json}, the plays
 * of one day, a page at a time, and {@code item.json}, an item's view. The Web Console passes a request whose last path
 * segment has a dot to the plugin as it is, without its frame, so every address here has one.
 */
final class ConsoleRequests {

    /** The longest by-day series, as {@link AnalyticsService#getPlaysByDay} allows; "all time" is this long. */
    static final int MOST_DAYS = 400;

    private static final Map<String, String> FILES = Map.of(
            "res/console.js", "application/javascript; charset=UTF-8",
            "res/uPlot.iife.min.js", "application/javascript; charset=UTF-8",
            "res/uPlot.min.css", "text/css; charset=UTF-8");

    /** How many plays a page of a day shows. */
    static final int DAY_PAGE = 50;
    private static final String AFTER_BOTH = "is required for a page after the first (with after and afterUser)";

    /** An answer: its status, type and body. */
    record Answer(int status, String contentType, byte[] body) {
    }

    private ConsoleRequests() {
    }

    /**
     * @param path       the address below the page, for example {@code days.json} or {@code res/console.js}
     * @param parameters the query parameters, each given once (see {@link #single})
     * @return the answer; a bad parameter is a 400 that names it
     */
    static Answer answer(String path, Function<String, String> parameters, AnalyticsService analytics, ShownNames names,
            ZoneId zone) throws IOException {
        return answer(path, parameters, analytics, null, names, zone, day -> { });
    }

    /**
     * @param admin   the admin service, which alone lists a day's plays; {@code null} without it
     * @param audited told the day whenever a day's plays (which name users) are listed
     */
    static Answer answer(String path, Function<String, String> parameters, AnalyticsService analytics, AnalyticsAdmin admin,
            ShownNames names, ZoneId zone, Consumer<LocalDate> audited) throws IOException {
        String contentType = FILES.get(path);
        if (contentType != null) {
            try (InputStream in = ConsoleRequests.class.getResourceAsStream(path)) {
                if (in == null) {
                    return error(404, null, "the bundle has no " + path);
                }
                return new Answer(200, contentType, in.readAllBytes());
            }
        }
        if (path.equals("day.json")) {
            if (admin == null) {
                return error(404, null, "the plays of a day are listed by the AnalyticsAdmin service, which is not available");
            }
            try {
                return json(dayPage(parameters, admin, audited), names);
            } catch (InvalidInputException e) {
                return error(400, e.field(), e.reason());
            }
        }
        if (path.equals("item.json")) {
            try {
                return json(item(parameters, analytics), names);
            } catch (InvalidInputException e) {
                return error(400, e.field(), e.reason());
            }
        }
        if (!path.equals("days.json")) {
            return error(404, null, "no such console resource: " + path);
        }
        try {
            return json(days(parameters, analytics, zone), names);
        } catch (InvalidInputException e) {
            return error(400, e.field(), e.reason());
        }
    }

    /**
     * A page of a day's plays: {@code date} (a day), and for every page after the first the last
     * play of the page before, {@code after} (its start, an instant) and {@code afterUser} (its user).
     *
     * @return {@code date}, {@code plays} and {@code next}: what to send for the next page, or null on the last
     */
    static Map<String, Object> dayPage(Function<String, String> parameters, AnalyticsAdmin admin, Consumer<LocalDate> audited) {
        LocalDate day = date("date", parameters.apply("date"));
        String afterText = parameters.apply("after");
        String afterUserText = parameters.apply("afterUser");
        PlayRecord after = null;
        if (afterText != null || afterUserText != null) {
            Instant start = instant("after", afterText);
            UUID user = uuid("afterUser", afterUserText);
            after = new PlayRecord(user, start, null, null, null, null, null, 0, false);
        }
        List<PlayRecord> plays = admin.getPlaysOn(day, after, DAY_PAGE);
        audited.accept(day);
        PlayRecord last = plays.size() < DAY_PAGE ? null : plays.get(plays.size() - 1);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("date", day);
        page.put("plays", plays);
        page.put("next", last == null ? null : Map.of("after", last.startedAt(), "afterUser", last.userId()));
        return page;
    }

    /**
     * An item's view: {@code libraryId}, {@code mediaId} and {@code period} (whole days from
     * {@code P1D}, or {@code all}; 30 days if not given).
     */
    static ItemActivity item(Function<String, String> parameters, AnalyticsService analytics) {
        UUID library = parsed("libraryId", parameters.apply("libraryId"), UUID::fromString, "is required", "a library id (a UUID)");
        UUID media = parsed("mediaId", parameters.apply("mediaId"), UUID::fromString, "is required", "a media id (a UUID)");
        String period = parameters.apply("period");
        return analytics.getItemActivity(library, media, "all".equals(period) ? AnalyticsService.ALL_TIME : period(period));
    }

    /**
     * Plays and distinct users per day: {@code period} (an ISO-8601 duration of days or hours, or
     * {@code all}, meaning the longest series, {@value #MOST_DAYS} days) or a custom range
     * {@code from} and {@code to} (dates, both included, {@code to} not after today).
     *
     * @return a row per day: {@code date}, {@code plays}, {@code completedPlays}, {@code watchTimeSec}, {@code distinctUsers}
     */
    static List<Map<String, Object>> days(Function<String, String> parameters, AnalyticsService analytics, ZoneId zone) {
        String from = parameters.apply("from");
        String to = parameters.apply("to");
        String period = parameters.apply("period");
        Duration asked;
        LocalDate first = null;
        LocalDate last = null;
        if (from == null && to == null) {
            asked = period(period);
        } else {
            if (period != null) {
                throw new InvalidInputException("period", "give either period or from and to, not both");
            }
            LocalDate today = LocalDate.now(zone);
            first = date("from", from);
            last = date("to", to);
            if (last.isBefore(first)) {
                throw new InvalidInputException("to", "must not be before from (" + first + "), was " + last);
            }
            if (last.isAfter(today)) {
                throw new InvalidInputException("to", "must not be after today (" + today + "), was " + last);
            }
            long span = today.toEpochDay() - first.toEpochDay() + 1;
            if (span > MOST_DAYS) {
                throw new InvalidInputException("from", "must be at most " + MOST_DAYS + " days back, was " + first);
            }
            asked = Duration.ofDays(span);
        }
        Map<LocalDate, Long> users = new HashMap<>();
        analytics.getDistinctUsersByDay(asked).forEach(day -> users.put(day.date(), day.distinctUsers()));
        Map<LocalDate, PeakStreams> peaks = new HashMap<>();
        analytics.getPeakStreamsByDay(asked).forEach(day -> peaks.put(day.date(), day));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DailyActivity day : analytics.getPlaysByDay(asked)) {
            if (first != null && (day.date().isBefore(first) || day.date().isAfter(last))) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", day.date());
            row.put("plays", day.plays());
            row.put("completedPlays", day.completedPlays());
            row.put("watchTimeSec", day.watchTimeSec());
            row.put("distinctUsers", users.getOrDefault(day.date(), 0L));
            PeakStreams peak = peaks.get(day.date());
            row.put("peakStreams", peak == null ? 0 : peak.streams());
            row.put("peakAt", peak == null ? null : peak.at());
            rows.add(row);
        }
        return rows;
    }

    private static Duration period(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofDays(30);
        }
        if (text.equals("all")) {
            return Duration.ofDays(MOST_DAYS);
        }
        try {
            Duration period = Duration.parse(text);
            if (period.compareTo(AnalyticsService.MIN_PERIOD) < 0 || period.compareTo(Duration.ofDays(MOST_DAYS)) > 0) {
                throw new InvalidInputException("period", "must be from PT1H to P" + MOST_DAYS + "D, or all, was " + text);
            }
            return period;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("period", "must be an ISO-8601 duration such as P7D or PT24H, or all, was '" + text + "'");
        }
    }

    private static LocalDate date(String name, String text) {
        return parsed(name, text, LocalDate::parse, "is required (a date such as 2026-11-01)", "a date such as 2026-11-01");
    }

    private static Instant instant(String name, String text) {
        return parsed(name, text, Instant::parse, AFTER_BOTH, "an instant such as 2026-11-01T20:15:00Z");
    }

    private static UUID uuid(String name, String text) {
        return parsed(name, text, UUID::fromString, AFTER_BOTH, "a user id (a UUID)");
    }

    /** A parameter's value; a missing or unreadable one is refused by its name, saying what it must be. */
    private static <T> T parsed(String name, String text, Function<String, T> parser, String missing, String expected) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(name, missing);
        }
        try {
            return parser.apply(text);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new InvalidInputException(name, "must be " + expected + ", was '" + text + "'");
        }
    }

    private static Answer json(Object value, ShownNames names) {
        return new Answer(200, "application/json", JsonWriter.toJson(value, names).getBytes(StandardCharsets.UTF_8));
    }

    private static Answer error(int status, String field, String reason) {
        String json = JsonWriter.toJson(Map.of("status", status, "field", String.valueOf(field), "reason", reason), ShownNames.none());
        return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a parameter's one value, or {@code null}; given twice, it is refused by name */
    static String single(String name, String[] values) {
        if (values == null) {
            return null;
        }
        if (values.length > 1) {
            throw new InvalidInputException(name, "must be given once");
        }
        return values[0];
    }
}
