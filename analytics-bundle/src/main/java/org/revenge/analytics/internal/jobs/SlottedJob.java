package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;

/**
 * A job that keeps a count of the last few minutes: one run per slot of {@link #EVERY} (UTC), its
 * run key the slot's start. A slot missed while the node was down is not caught up: the next one
 * counts. Each run forgets the completed runs of its kind older than {@link #FORGET_RUNS}, so the
 * job table does not grow by a row every few minutes. Readers take the count while it is at most
 * {@link #FRESH} old, and count at the call otherwise (the jobs paused, behind or failing).
 */
abstract class SlottedJob implements Job {

    /** How often the count is made. */
    static final Duration EVERY = Duration.ofMinutes(5);
    /** A count older than this is not read. */
    static final Duration FRESH = EVERY.multipliedBy(3);
    /** Completed runs older than this are deleted from the job table. */
    static final Duration FORGET_RUNS = Duration.ofDays(1);

    private final String kind;
    final AnalyticsStore store;
    final Clock clock;

    SlottedJob(String kind, AnalyticsStore store, Clock clock) {
        this.kind = kind;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Due due(Now now) {
        Instant slot = slot(now.instant());
        return new Due(List.of(slot.toString()), slot);
    }

    @Override
    public final Outcome run(String runKey, Settings settings) {
        return count(settings);
    }

    /** Counts as of now, in one transaction: readers see the old count or the new. */
    abstract Outcome count(Settings settings);

    @Override
    public String runKeyNow(Now now) {
        return slot(now.instant()).toString();
    }

    private static Instant slot(Instant instant) {
        long every = EVERY.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), every) * every);
    }
}
