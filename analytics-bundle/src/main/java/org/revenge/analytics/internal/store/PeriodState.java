package org.revenge.analytics.internal.store;

import java.time.LocalDate;
import java.util.List;

/**
 * Which day the sums of one ranking period in {@code media_stats_period} end on.
 *
 * @param spanDays how many days the sums cover, ending on {@code asOf}; 0 for every day up to it
 * @param asOf     the last day the sums hold
 */
public record PeriodState(int spanDays, LocalDate asOf) {

    /**
     * The periods kept: the finished days of the usual 7, 30, 90 and 365-day rankings (whose last
     * day is today, which the daily rows add), and all time.
     */
    public static final List<Integer> SPANS = List.of(6, 29, 89, 364, 0);

    /** The first day the sums hold, or {@code null} when they hold every day up to {@link #asOf}. */
    public LocalDate firstDay() {
        return spanDays == 0 ? null : asOf.minusDays(spanDays - 1L);
    }
}
