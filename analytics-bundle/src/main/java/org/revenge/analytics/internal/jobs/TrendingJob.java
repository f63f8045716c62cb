package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.spi.AnalyticsService;

/**
 * Counts every library's trending items from the raw plays ({@code trending_items}, see
 * store/rollup/TrendingItems.xml) every {@link #EVERY}, so that {@code getTrending} reads a count
 * instead of eight days of plays ({@link SlottedJob}: a run per slot, read while {@link #FRESH}).
 */
public final class TrendingJob extends SlottedJob {

    static final String KIND = "analytics.trending";

    /** A count older than this (the jobs paused, behind or failing) is not read: the items are counted from the plays. */
    public static final Duration FRESH = SlottedJob.FRESH;
    /** Trending compares the last day with the average day of the week before it. */
    public static final Duration RECENT = Duration.ofDays(1);
    public static final int BASELINE_DAYS = 7;

    TrendingJob(AnalyticsStore store, Clock clock) {
        super(KIND, store, clock);
    }

    /** Counts every library's trending items. */
    @Override
    Outcome count(Settings settings) {
        Instant to = clock.instant();
        Instant recentFrom = to.minus(RECENT);
        Instant baselineFrom = recentFrom.minus(Duration.ofDays(BASELINE_DAYS));
        int items = store.transaction("count the trending items", session -> {
            RollupMapper rollups = session.getMapper(RollupMapper.class);
            rollups.clearTrending();
            int written = rollups.countTrending(null, baselineFrom, recentFrom, to, BASELINE_DAYS, AnalyticsService.MAX_LIMIT);
            session.getMapper(JobMapper.class).forgetCompleted(KIND, to.minus(FORGET_RUNS));
            return written;
        });
        return new Outcome(items, items + " trending items counted as of " + to);
    }
}
