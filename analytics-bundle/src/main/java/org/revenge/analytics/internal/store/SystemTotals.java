package org.revenge.analytics.internal.store;

/** The database half of the system statistics, read in one statement. */
public record SystemTotals(
        long users,
        long libraries,
        long mediaItems,
        long playsToday,
        long plays7d,
        long watchTimeSec7d,
        long activeSessions) {
}
