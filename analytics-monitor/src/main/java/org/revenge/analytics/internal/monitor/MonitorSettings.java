package org.revenge.analytics.internal.monitor;

import java.time.Duration;

/**
 * {@link MonitorConfiguration} checked: a negative or zero threshold would make a check meaningless,
 * so it is refused with the attribute's name, and the component that got it does not start.
 */
record MonitorSettings(Duration ingestLagMax, long ingestQueueMax, Duration figuresMaxAge) {

    static MonitorSettings of(MonitorConfiguration config) {
        return new MonitorSettings(
                Duration.ofSeconds(positive("ingest.lag.max.sec", config.ingest_lag_max_sec())),
                positive("ingest.queue.max", config.ingest_queue_max()),
                Duration.ofSeconds(notNegative("figures.max.age.sec", config.figures_max_age_sec())));
    }

    private static long positive(String attribute, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("configuration " + MonitorConfiguration.PID + ", " + attribute + " = " + value
                    + ": must be 1 or more");
        }
        return value;
    }

    private static long notNegative(String attribute, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("configuration " + MonitorConfiguration.PID + ", " + attribute + " = " + value
                    + ": must be 0 or more");
        }
        return value;
    }
}
