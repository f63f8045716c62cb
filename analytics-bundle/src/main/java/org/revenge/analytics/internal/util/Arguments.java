package org.revenge.analytics.internal.util;

import java.time.Duration;

import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.InvalidInputException;

/** Checks of query arguments, each naming the argument it refuses. */
public final class Arguments {

    private Arguments() {
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    /**
     * @return the limit, lowered to {@link AnalyticsService#MAX_LIMIT} if it is above
     */
    public static int limit(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1, was " + limit);
        }
        return Math.min(limit, AnalyticsService.MAX_LIMIT);
    }

    public static Duration period(String field, Duration period) {
        required(field, period);
        if (period.compareTo(AnalyticsService.MIN_PERIOD) < 0 || period.compareTo(AnalyticsService.ALL_TIME) > 0) {
            throw new InvalidInputException(field, "must be between 1 hour and " + AnalyticsService.ALL_TIME.toDays()
                    + " days (all time), was " + period);
        }
        return period;
    }
}
