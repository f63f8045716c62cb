package org.revenge.analytics.internal.demo;

/**
 * The demo configuration, checked: each value within the range its Metatype description gives.
 */
record DemoSettings(int users, int sessionsPerMinute, int backfillDays, int badEventsPerHour, int scanIntervalMin,
                    int reportIntervalSec) {

    /**
     * @throws IllegalArgumentException naming the first attribute out of range, its value and the range
     */
    static DemoSettings from(DemoConfiguration config) {
        return new DemoSettings(
                within("users", config.users(), 1, 50),
                within("sessions.per.minute", config.sessions_per_minute(), 0, 600),
                within("backfill.days", config.backfill_days(), 0, 89),
                within("bad.events.per.hour", config.bad_events_per_hour(), 0, 3600),
                within("scan.interval.min", config.scan_interval_min(), 1, 1440),
                within("report.interval.sec", config.report_interval_sec(), 0, 3600));
    }

    private static int within(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(attribute + " = '" + value + "': must be between " + min + " and " + max);
        }
        return value;
    }
}
