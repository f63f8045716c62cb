package org.revenge.analytics.internal.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.revenge.analytics.internal.store.YearMapper;
import org.revenge.analytics.internal.store.YearMapper.Bounds;
import org.revenge.analytics.internal.store.YearMapper.DayRow;
import org.revenge.analytics.internal.store.YearMapper.HourRow;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.YearInReview;
import org.revenge.analytics.spi.YearInReview.MonthActivity;

/**
 * Years in review from the rows {@link YearMapper} reads: the year's local days (each with its
 * plays), hours of day and items, folded into the figures people read. The days are calendar days
 * of the configured zone, so the year starts at its first local day's midnight whatever the
 * daylight-saving rules do.
 */
public final class YearReviews {

    /** How many of each library's items a review lists. */
    static final int TOP_PER_LIBRARY = 5;

    private static final Bounds NO_BOUNDS = new Bounds(null, null, null);

    private YearReviews() {
    }

    static int checkedYear(int year) {
        if (year < 1970 || year > 9999) {
            throw new InvalidInputException("year", "must be from 1970 to 9999, was " + year);
        }
        return year;
    }

    /** The server's year, from the daily and yearly rollups. */
    static YearInReview server(YearMapper mapper, int year, ZoneId zone, LocalDate today) {
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = lastCountedDay(year, today);
        if (last.isBefore(first)) {
            return review(year, null, zone, List.of(), List.of(), List.of(), 0, NO_BOUNDS);
        }
        List<DayRow> days = mapper.serverDays(first, last);
        Bounds bounds = days.isEmpty() ? NO_BOUNDS
                : orNone(mapper.serverBounds(days.get(0).day(), year, zone.getId()));
        return review(year, null, zone, days, mapper.serverHours(year), mapper.serverTopItems(year, TOP_PER_LIBRARY),
                mapper.serverDistinctItems(year), bounds);
    }

    /** A user's year, from their summary and their raw plays after it; empty if they do not keep their year. */
    static Optional<YearInReview> user(YearMapper mapper, UUID user, int year, ZoneId zone, LocalDate today) {
        if (!mapper.keeps(user)) {
            return Optional.empty();
        }
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = lastCountedDay(year, today);
        if (last.isBefore(first)) {
            return Optional.of(review(year, user, zone, List.of(), List.of(), List.of(), 0, NO_BOUNDS));
        }
        Bounds kept = mapper.userBounds(user, year);
        LocalDate through = kept == null ? first.minusDays(1) : kept.throughDay();
        String zoneId = zone.getId();
        List<MediaStats> top = topPerLibrary(mapper.userTopItems(user, year, through, last, zoneId, TOP_PER_LIBRARY));
        Bounds raw = orNone(mapper.userRawBounds(user, through, last, zoneId));
        Instant firstPlay = earlier(kept == null ? null : kept.firstPlayAt(), raw.firstPlayAt());
        Instant lastPlay = later(kept == null ? null : kept.lastPlayAt(), raw.lastPlayAt());
        return Optional.of(review(year, user, zone, mapper.userDays(user, first, last, year, through, zoneId),
                mapper.userHours(user, year, through, last, zoneId), top, mapper.userDistinctItems(user, year, through, last, zoneId),
                new Bounds(firstPlay, lastPlay, null)));
    }

    /**
     * MyBatis maps a row whose columns are all null (no play after the summary: a user who has not
     * played yet today) to {@code null}, not to a record of nulls.
     */
    private static Bounds orNone(Bounds bounds) {
        return bounds == null ? NO_BOUNDS : bounds;
    }

    private static LocalDate lastCountedDay(int year, LocalDate today) {
        LocalDate last = LocalDate.of(year, 12, 31);
        return today.isBefore(last) ? today : last;
    }

    private static List<MediaStats> topPerLibrary(List<MediaStats> mostPlayedFirst) {
        Map<UUID, Integer> taken = new HashMap<>();
        List<MediaStats> top = new ArrayList<>();
        for (MediaStats item : mostPlayedFirst) {
            if (taken.merge(item.libraryId(), 1, Integer::sum) <= TOP_PER_LIBRARY) {
                top.add(item);
            }
        }
        top.sort(Comparator.comparing(MediaStats::libraryId).thenComparing(Comparator.comparingLong(MediaStats::plays).reversed())
                .thenComparing(Comparator.comparingLong(MediaStats::watchTimeSec).reversed()).thenComparing(MediaStats::mediaId));
        return top;
    }

    private static YearInReview review(int year, UUID user, ZoneId zone, List<DayRow> days, List<HourRow> hours,
            List<MediaStats> top, long distinctItems, Bounds bounds) {
        long plays = 0;
        long completed = 0;
        long watched = 0;
        long[] monthPlays = new long[12];
        long[] monthWatch = new long[12];
        long[] weekdayPlays = new long[7];
        int activeDays = 0;
        int streak = 0;
        int longest = 0;
        LocalDate streakStart = null;
        LocalDate longestFrom = null;
        LocalDate previous = null;
        for (DayRow day : days) {
            if (day.plays() <= 0) {
                continue;
            }
            plays += day.plays();
            completed += day.completedPlays();
            watched += day.watchTimeSec();
            monthPlays[day.day().getMonthValue() - 1] += day.plays();
            monthWatch[day.day().getMonthValue() - 1] += day.watchTimeSec();
            weekdayPlays[day.day().getDayOfWeek().getValue() - 1] += day.plays();
            activeDays++;
            if (previous != null && previous.plusDays(1).equals(day.day())) {
                streak++;
            } else {
                streak = 1;
                streakStart = day.day();
            }
            if (streak > longest) {
                longest = streak;
                longestFrom = streakStart;
            }
            previous = day.day();
        }
        List<MonthActivity> months = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            months.add(new MonthActivity(m + 1, monthPlays[m], monthWatch[m]));
        }
        DayOfWeek busiestWeekday = null;
        for (int d = 0; d < 7; d++) {
            if (weekdayPlays[d] > 0 && (busiestWeekday == null || weekdayPlays[d] > weekdayPlays[busiestWeekday.getValue() - 1])) {
                busiestWeekday = DayOfWeek.of(d + 1);
            }
        }
        int busiestHour = -1;
        long busiestHourPlays = 0;
        for (HourRow hour : hours) {
            if (hour.plays() > busiestHourPlays) {
                busiestHour = hour.hour();
                busiestHourPlays = hour.plays();
            }
        }
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
        Instant to = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant();
        return new YearInReview(year, user, from, to, plays, completed, watched, distinctItems, activeDays, longest, longestFrom,
                busiestWeekday, busiestHour, months, top, bounds.firstPlayAt(), bounds.lastPlayAt(), null);
    }

    /** The same review with the user's share of the server's plays, for a server that allows comparing users. */
    static YearInReview withShare(YearInReview review, long serverPlays) {
        return new YearInReview(review.year(), review.userId(), review.from(), review.to(), review.plays(), review.completedPlays(),
                review.watchTimeSec(), review.distinctItems(), review.activeDays(), review.longestStreakDays(),
                review.longestStreakFrom(), review.busiestWeekday(), review.busiestHour(), review.months(), review.topItems(),
                review.firstPlayAt(), review.lastPlayAt(), serverPlays == 0 ? 0.0 : (double) review.plays() / serverPlays);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
