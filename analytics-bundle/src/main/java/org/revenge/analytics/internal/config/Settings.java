package org.revenge.analytics.internal.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
 * @param retention     how long each kind of data is kept
 * @param schedule      when finished days are aggregated and retention applied
 * @param metricsEvery  time between samples of the system metrics
 * @param privacy       whose events are never recorded
 * @param journaling    how the writer uses its journal and memory
 * @param clockSkew     how far after now a recorded time may lie ({@code ingest.clock.skew.sec})
 */
public record Settings(boolean enabled, ZoneId zone, Duration rawRetention, CountingRules rules, int queueCapacity,
        int batchSize, Retention retention, CronSchedule schedule, Duration metricsEvery, Privacy privacy,
        Journaling journaling, Duration clockSkew) {

    /**
     * How the writer uses its journal and its memory.
     *
     * @param sync            {@code journal.sync}
     * @param syncInterval    {@code journal.sync.interval.ms}
     * @param memoryMaxEvents {@code ingest.memory.max.events}: most events held applied but unwritten
     */
    public record Journaling(JournalSync sync, Duration syncInterval, int memoryMaxEvents) {
    }

    /**
     * Users and libraries whose events are dropped as they arrive.
     *
     * @param excludedUsers     {@code privacy.excluded.users}
     * @param excludedLibraries {@code privacy.excluded.libraries}
     * @param compareUsers      {@code year.review.compare.users}: a user's year in review may show their share of the server's
     */
    public record Privacy(Set<UUID> excludedUsers, Set<UUID> excludedLibraries, boolean compareUsers) {

        /** Nobody excluded. */
        public static final Privacy NONE = new Privacy(Set.of(), Set.of(), false);

        public Privacy {
            excludedUsers = Set.copyOf(excludedUsers);
            excludedLibraries = Set.copyOf(excludedLibraries);
        }
    }

    /**
     * Days each kind of data is kept; 0 keeps it forever.
     *
     * @param rawDays            individual plays
     * @param userActivityDays   per-user daily activity
     * @param systemMetricsDays  hourly system metrics
     * @param dailyAggregateDays per-media daily rollups
     */
    public record Retention(int rawDays, int userActivityDays, int systemMetricsDays, int dailyAggregateDays) {
    }

    /** How far back plays are accepted when raw retention is "forever". */
    private static final int FOREVER_DAYS = 36_525;
    /** The longest ranking period but all time (PeriodState.SPANS), in days. */
    private static final int LONGEST_RANKING_PERIOD_DAYS = 365;

    /**
     * The settings of a changed configuration, for a component that stays registered through the
     * change (its {@code @Modified}).
     *
     * @param config the configuration as ConfigAdmin now holds it
     * @return the settings, or empty when the configuration is bad: the schema migrator reports that
     *         and withdraws the database, and with it every component that reads the settings
     */
    public static Optional<Settings> ofChange(AnalyticsConfiguration config) {
        try {
            return Optional.of(from(config));
        } catch (ConfigurationException e) {
            return Optional.empty();
        }
    }

    /**
     * @param config the configuration as ConfigAdmin holds it
     * @return the settings
     * @throws ConfigurationException naming the first bad attribute
     */
    public static Settings from(AnalyticsConfiguration config) {
        // checked here too, so that the schema migrator reports a bad node setting like any other
        NodeSettings.from(config);
        ReadReplicaSettings.from(config);
        CountingRules rules = new CountingRules(
                within("rules.min.video.sec", config.rules_min_video_sec(), 0, 3600),
                within("rules.min.audio.sec", config.rules_min_audio_sec(), 0, 3600),
                within("rules.completed.percent", config.rules_completed_percent(), 1, 100),
                Duration.ofMinutes(within("rules.resume.window.min", config.rules_resume_window_min(), 0, 1440)),
                Duration.ofMinutes(within("rules.idle.timeout.min", config.rules_idle_timeout_min(), 1, 1440)));
        Retention retention = new Retention(
                within("retention.raw.days", config.retention_raw_days(), 0, FOREVER_DAYS),
                within("retention.user.activity.days", config.retention_user_activity_days(), 0, FOREVER_DAYS),
                within("retention.system.metrics.days", config.retention_system_metrics_days(), 0, FOREVER_DAYS),
                dailyAggregateDays(config.retention_daily_aggregates_days()));
        return new Settings(config.enabled(), zone(config.timezone()),
                Duration.ofDays(retention.rawDays() == 0 ? FOREVER_DAYS : retention.rawDays()), rules,
                within("ingest.queue.capacity", config.ingest_queue_capacity(), 1_000, 10_000_000),
                within("ingest.batch.size", config.ingest_batch_size(), 1, 100_000), retention,
                new CronSchedule("aggregation.schedule", config.aggregation_schedule()),
                Duration.ofSeconds(within("metrics.sample.sec", config.metrics_sample_sec(), 1, 3600)),
                new Privacy(uuids("privacy.excluded.users", config.privacy_excluded_users()),
                        uuids("privacy.excluded.libraries", config.privacy_excluded_libraries()),
                        config.year_review_compare_users()),
                new Journaling(JournalSync.of("journal.sync", config.journal_sync()),
                        Duration.ofMillis(within("journal.sync.interval.ms", config.journal_sync_interval_ms(), 10, 60_000)),
                        within("ingest.memory.max.events", config.ingest_memory_max_events(), 1_000, 10_000_000)),
                Duration.ofSeconds(within("ingest.clock.skew.sec", config.ingest_clock_skew_sec(), 0, 86_400)));
    }

    /**
     * Reads a list of UUIDs. Each value may itself hold several, separated by commas or blanks,
     * since a {@code .cfg} line {@code a, b} reaches the component as one string.
     *
     * @throws ConfigurationException naming the attribute and the first value that is not a UUID
     */
    static Set<UUID> uuids(String attribute, String[] values) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String value : values == null ? new String[0] : values) {
            for (String part : value == null ? new String[0] : value.split("[,\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                try {
                    UUID id = UUID.fromString(part);
                    if (!id.toString().equalsIgnoreCase(part)) {
                        // UUID.fromString accepts shortened groups such as 1-2-3-4-5
                        throw new IllegalArgumentException(part);
                    }
                    ids.add(id);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(attribute, part, "is not a UUID such as 3f2c1e0a-8b1d-4c6e-9a57-0d4b2f6e8c11");
                }
            }
        }
        return ids;
    }

    /**
     * Checks that a whole-number attribute lies in its range.
     *
     * @return the value
     * @throws ConfigurationException if it does not
     */
    /**
     * The ranking periods (up to 365 days) take away the day that leaves them by reading that day's
     * daily rows, so those rows must outlive the longest period: 0 (forever) or at least 365.
     */
    private static int dailyAggregateDays(int value) {
        int days = within("retention.daily.aggregates.days", value, 0, FOREVER_DAYS);
        if (days != 0 && days < LONGEST_RANKING_PERIOD_DAYS) {
            throw new ConfigurationException("retention.daily.aggregates.days", value, "must be 0 (forever) or at least "
                    + LONGEST_RANKING_PERIOD_DAYS + ": the ranking periods, up to " + LONGEST_RANKING_PERIOD_DAYS
                    + " days, take away the day that leaves them from its daily rows");
        }
        return days;
    }

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
            ZoneId zone = ZoneId.of(timezone.strip());
            if (zone.normalized() instanceof java.time.ZoneOffset offset) {
                if (offset.getTotalSeconds() == 0) {
                    return ZoneId.of("UTC");
                }
                // PostgreSQL reads "GMT+2" or "+02:00" with the POSIX sign, the opposite of Java
                throw new ConfigurationException("timezone", timezone,
                        "must be a region such as Europe/Berlin, not a fixed offset");
            }
            return zone;
        } catch (DateTimeException e) {
            throw new ConfigurationException("timezone", timezone, "is not an IANA time zone such as Europe/Berlin");
        }
    }
}
