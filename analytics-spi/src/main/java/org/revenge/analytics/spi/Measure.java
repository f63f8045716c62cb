package org.revenge.analytics.spi;

/**
 * A measure of use that a ranking is ordered by. Plays, completed plays, watch time and distinct
 * users are separate measures and are never mixed.
 */
public enum Measure {
    /** Plays that passed the minimum play length. */
    PLAYS,
    /** Plays that reached the completion threshold. */
    COMPLETED_PLAYS,
    /** Seconds watched or listened to, pauses excluded. */
    WATCH_TIME,
    /** Distinct users who played. */
    DISTINCT_USERS,
    /**
     * Recent velocity against a baseline: see {@link AnalyticsService#getTrending}.
     *
     * @since 1.1
     */
    TRENDING
}
