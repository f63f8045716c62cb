package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One user's totals over a period, and the same by day.
 *
 * @param userId         the host's id of the user
 * @param from           start of the period (UTC, inclusive)
 * @param to             end of the period (UTC, exclusive): the moment the query ran
 * @param plays          plays started in the period
 * @param completedPlays of those, plays that reached the completion threshold
 * @param watchTimeSec   seconds watched, pauses excluded
 * @param uniqueItems    distinct media items played in the period (an item played on several days
 *                       counts once)
 * @param byDay          one entry per day that had at least one play, oldest first; never {@code null}
 */
public record UserStats(
        UUID userId,
        Instant from,
        Instant to,
        long plays,
        long completedPlays,
        long watchTimeSec,
        long uniqueItems,
        List<DailyActivity> byDay) {

    /** Makes {@link #byDay()} immutable. */
    public UserStats {
        byDay = List.copyOf(byDay);
    }
}
