package org.revenge.analytics.spi;

import java.time.DayOfWeek;

/**
 * One cell of the weekday by hour-of-day heat map.
 *
 * @param dayOfWeek    the weekday, in the plugin's configured time zone
 * @param hour         the hour of day, 0 to 23, in that zone (a play at 02:30 on the night clocks go
 *                     back counts in hour 2 whichever of the two 02:30s it was)
 * @param plays        plays started in that cell over the period
 * @param watchTimeSec seconds watched in those plays
 * @since 1.1
 */
public record WeekdayHour(DayOfWeek dayOfWeek, int hour, long plays, long watchTimeSec) {
}
