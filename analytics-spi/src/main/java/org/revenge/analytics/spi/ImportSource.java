package org.revenge.analytics.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * Where imported watch history comes from: the file a user of that program actually has.
 *
 * @since 1.4
 */
public enum ImportSource {
    /** Tautulli's SQLite database, {@code tautulli.db}. */
    TAUTULLI,
    /** A Jellystat backup: one JSON array of one-key objects, one per table. */
    JELLYSTAT,
    /** Jellyfin's Playback Reporting plugin: its SQLite file {@code playback_reporting.db} or its TSV backup. */
    PLAYBACK_REPORTING,
    /** Revenge Analytics' own JSON export of plays ({@link AnalyticsAdmin#exportPlays}). */
    REVENGE;

    /** @return the name used on the command line and in the HTTP API, e.g. {@code playback-reporting} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the source of that wire name, ignoring case */
    public static Optional<ImportSource> fromWireName(String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        for (ImportSource source : values()) {
            if (source.wireName().equalsIgnoreCase(wireName.strip())) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
