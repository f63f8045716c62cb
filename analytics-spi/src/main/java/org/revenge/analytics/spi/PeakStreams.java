package org.revenge.analytics.spi;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The most plays in progress at the same moment on a day.
 *
 * @param date    the day (configured zone)
 * @param streams the highest number of plays going on at once during the day; 0 on a day without plays
 * @param at      the first moment of the day at which that many were going on, or {@code null} on a day
 *                without plays
 * @since 1.6
 */
public record PeakStreams(LocalDate date, int streams, Instant at) {
}
