package org.revenge.analytics.internal.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.revenge.analytics.spi.SystemStats;

/**
 * One reading of {@code getSystemStats()} reused for a few seconds. A JMX client asks for the
 * MBean's attributes one at a time, and each reading costs a few queries; one reading answers them
 * all, and they agree with each other.
 */
final class CachedFigures {

    private final Supplier<SystemStats> source;
    private final Duration maxAge;
    private final Clock clock;
    private SystemStats last;
    private Instant readAt;

    CachedFigures(Supplier<SystemStats> source, Duration maxAge, Clock clock) {
        this.source = source;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** @throws org.revenge.analytics.spi.AnalyticsException when the plugin cannot read its figures (its database is away) */
    synchronized SystemStats read() {
        Instant now = clock.instant();
        if (last == null || maxAge.isZero() || !now.isBefore(readAt.plus(maxAge))) {
            last = source.get();
            readAt = now;
        }
        return last;
    }
}
