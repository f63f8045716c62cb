package org.revenge.analytics.spi;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A year in review: the plays started in one calendar year of the configured time zone, from its
 * first local day's start to its last local day's end (daylight-saving changes included).
 *
 * @param year              the year
 * @param userId            the user, or {@code null} for the whole server
 * @param from              the first local day's start
 * @param to                the end: the day after the last local day, at its start
 * @param plays             plays started in the year
 * @param completedPlays    of those, the plays watched to the end
 * @param watchTimeSec      seconds watched
 * @param distinctItems     different items played
 * @param activeDays        days with at least one play
 * @param longestStreakDays the most days in a row with plays
 * @param longestStreakFrom the first day of that streak, or {@code null} without plays
 * @param busiestWeekday    the weekday with the most plays, or {@code null} without plays
 * @param busiestHour       the hour of day (0 to 23) with the most plays, or -1 without plays
 * @param months            twelve months, January first, with their plays and watch time
 * @param topItems          each library's most played items (at most five each), by library, then by plays
 * @param firstPlayAt       the year's first play, or {@code null} if not known (its plays are gone)
 * @param lastPlayAt        the year's last play, or {@code null} if not known
 * @param shareOfServerPlays for a user, their share of the server's plays that year, if an admin
 *                          allowed comparing users ({@code year.review.compare.users}); else {@code null}
 * @since 1.4
 */
public record YearInReview(
        int year,
        UUID userId,
        Instant from,
        Instant to,
        long plays,
        long completedPlays,
        long watchTimeSec,
        long distinctItems,
        int activeDays,
        int longestStreakDays,
        LocalDate longestStreakFrom,
        DayOfWeek busiestWeekday,
        int busiestHour,
        List<MonthActivity> months,
        List<MediaStats> topItems,
        Instant firstPlayAt,
        Instant lastPlayAt,
        Double shareOfServerPlays) {

    public YearInReview {
        months = List.copyOf(months);
        topItems = List.copyOf(topItems);
    }

    /**
     * @param month        1 (January) to 12
     * @param plays        plays started in the month
     * @param watchTimeSec seconds watched
     */
    public record MonthActivity(int month, long plays, long watchTimeSec) {
    }
}
