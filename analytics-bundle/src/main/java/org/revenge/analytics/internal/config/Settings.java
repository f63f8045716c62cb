package org.revenge.analytics.internal.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The checked, typed form of {@link AnalyticsConfiguration} that the query and recording code
 * reads. Building one validates every attribute it holds.
 *
 * @param enabled       whether recording is on
 * @param zone          the zone days and hours are counted in
 * @param rawRetention  how long individual plays are kept
 * @param rules         what counts as a play
 * @param queueCapacity events held in memory before spilling to the journal
 * @param batchSize     most events written in one transaction
 */
public record Settings(boolean enabled, ZoneId zone, Duration rawRetention, CountingRules rules, int queueCapacity,
        int batchSize) {

    /**
     * @param config the configuration as ConfigAdmin holds it
     * @return the settings
     * @throws ConfigurationException naming the first bad attribute
     */
    public static Settings from(AnalyticsConfiguration config) {
        CountingRules rules = new CountingRules(
                within("rules.min.video.sec", config.rules_min_video_sec(), 0, 3600),
                within("rules.min.audio.sec", config.rules_min_audio_sec(), 0, 3600),
                within("rules.completed.percent", config.rules_completed_percent(), 1, 100),
                Duration.ofMinutes(within("rules.resume.window.min", config.rules_resume_window_min(), 0, 1440)),
                Duration.ofMinutes(within("rules.idle.timeout.min", config.rules_idle_timeout_min(), 1, 1440)));
        return new Settings(config.enabled(), zone(config.timezone()),
                Duration.ofDays(within("retention.raw.days", config.retention_raw_days(), 1, 36_525)), rules,
                within("ingest.queue.capacity", config.ingest_queue_capacity(), 1_000, 10_000_000),
                within("ingest.batch.size", config.ingest_batch_size(), 1, 100_000));
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
