package org.revenge.analytics.internal.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The checked, typed form of {@link AnalyticsConfiguration} that the query and recording code
 * reads. Building one validates every attribute it holds.
 *
 * @param enabled      whether recording is on
 * @param zone         the zone days and hours are counted in
 * @param rawRetention how long individual plays are kept
 */
public record Settings(boolean enabled, ZoneId zone, Duration rawRetention) {

    /**
     * @param config the configuration as ConfigAdmin holds it
     * @return the settings
     * @throws ConfigurationException naming the first bad attribute
     */
    public static Settings from(AnalyticsConfiguration config) {
        return new Settings(config.enabled(), zone(config.timezone()),
                Duration.ofDays(within("retention.raw.days", config.retention_raw_days(), 1, 36_525)));
    }

    /**
     * Checks that a whole-number attribute lies in its range.
     *
     * @return the value
     * @throws ConfigurationException if it does not
     */
    public static int within(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException(attribute, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw new ConfigurationException("timezone", timezone, "is not an IANA time zone such as Europe/Berlin");
        }
    }
}
