package org.revenge.analytics.internal.config;

import java.util.Locale;

/**
 * When the recording journal is forced to the disk ({@code journal.sync}), which decides what a
 * power loss can take. A killed process loses nothing that was journaled in any mode: what was
 * written is in the operating system's page cache.
 */
public enum JournalSync {
    /** After every appended batch: a power loss loses nothing that was journaled. */
    BATCH,
    /** At most every {@code journal.sync.interval.ms}: a power loss loses at most that interval's events. */
    INTERVAL,
    /** Never: the operating system writes back when it likes (within about 35 s on Linux defaults). */
    NEVER;

    /**
     * @param attribute the setting's name, for the error
     * @param value     {@code batch}, {@code interval} or {@code never}, in any case
     * @throws ConfigurationException naming the setting and the accepted values
     */
    static JournalSync of(String attribute, String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationException(attribute, value, "must be one of batch, interval, never");
        }
    }
}
