package org.revenge.analytics.internal.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The time a query's period covers. A period of a day or more counts whole days of the configured
 * zone: today so far and the days before it, as many days in all as the period has days (a part
 * of a day counts as one more). That is what the rollups hold, and what people mean by "the last
 * 7 days". A shorter period is the rolling window ending now.
 *
 * @param from      start (inclusive)
 * @param to        end (exclusive): now
 * @param firstDay  the first day, for a period of whole days; {@code null} for a rolling window
 * @param today     today in the zone
 * @param days      how many whole days; 0 for a rolling window
 */
record Window(Instant from, Instant to, LocalDate firstDay, LocalDate today, long days) {

    private static final Duration DAY = Duration.ofDays(1);

    static Window of(Duration period, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (period.compareTo(DAY) < 0) {
            return new Window(now.minus(period), now, null, today, 0);
        }
        long days = period.toDays() + (period.equals(Duration.ofDays(period.toDays())) ? 0 : 1);
        LocalDate firstDay = today.minusDays(days - 1);
        return new Window(firstDay.atStartOfDay(zone).toInstant(), now, firstDay, today, days);
    }

    boolean wholeDays() {
        return firstDay != null;
    }
}
