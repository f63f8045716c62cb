package org.revenge.analytics.spi;

import java.time.LocalDate;

/**
 * How many different users played on a day.
 *
 * @param date          the day (configured zone)
 * @param distinctUsers users with at least one play that started that day (within the period asked for)
 * @since 1.5
 */
public record DailyUsers(LocalDate date, long distinctUsers) {
}
