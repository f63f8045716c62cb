package org.revenge.analytics.spi;

import java.time.LocalDate;

/**
 * One day of one user's activity, a point of the series in {@link UserStats#byDay()}.
 *
 * @param date           the day, in the plugin's configured time zone
 * @param plays          plays started that day
 * @param completedPlays of those, plays that reached the completion threshold
 * @param watchTimeSec   seconds watched in plays started that day, pauses excluded
 */
public record DailyActivity(LocalDate date, long plays, long completedPlays, long watchTimeSec) {
}
