package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.spi.AnalyticsService;

/**
 * Counts every library's trending items from the raw plays ({@code trending_items}, see
 * store/rollup/TrendingItems.xml) every {@link #EVERY}, so that {@code getTrending} reads a count
 * instead of eight days of plays. The run key is the start of its slot of {@link #EVERY} (UTC); a
 * slot missed while the node was down is not caught up, the next one counts. The runs of this kind
 * older than a day are forgotten, so the job table does not grow by a row every few minutes.
 */
public final class TrendingJob implements Job {

    static final String KIND = "analytics.trending";

    /** How often the items are counted. */
    public static final Duration EVERY = Duration.ofMinutes(5);
    /** A count older than this (the jobs paused, behind or failing) is not read: the items are counted from the plays. */
    public static final Duration FRESH = EVERY.multipliedBy(3);
    /** Trending compares the last day with the average day of the week before it. */
    public static final Duration RECENT = Duration.ofDays(1);
    public static final int BASELINE_DAYS = 7;

    private static final Duration FORGET_RUNS = Duration.ofDays(1);

    private final AnalyticsStore store;
    private final Clock clock;

    TrendingJob(AnalyticsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Due due(Now now) {
        Instant slot = slot(now.instant());
        return new Due(List.of(slot.toString()), slot);
    }

    @Override
    public String runKeyNow(Now now) {
        return slot(now.instant()).toString();
    }

    private static Instant slot(Instant instant) {
        long every = EVERY.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), every) * every).truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public Outcome run(String runKey, Settings settings) {
        return count();
    }

    /** Counts every library's trending items as of now, in one transaction: readers see the old count or the new. */
    Outcome count() {
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
