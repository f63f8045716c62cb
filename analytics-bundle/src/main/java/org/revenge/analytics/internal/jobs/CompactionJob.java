package org.revenge.analytics.internal.jobs;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.RollupMapper;

/**
 * Rewrites the raw partition of a UTC day that ended over a day ago in key order, once, after the
 * aggregation schedule: its rows and key then take the least room.
 */
final class CompactionJob extends NightlyJob {

    static final String KIND = "analytics.compact";

    private final AnalyticsStore store;

    CompactionJob(AnalyticsStore store) {
        super(KIND);
        this.store = store;
    }

    /** Every kept UTC day that ended more than a day before the schedule last fired. */
    @Override
    public Due due(Now now) {
        LocalDate first = RollupCheckJob.firstRawDay(store);
        if (first == null) {
            return Due.NONE;
        }
        LocalDate closedBefore = LocalDate.ofInstant(now.lastFire().toInstant(), ZoneOffset.UTC).minusDays(1);
        List<String> days = new ArrayList<>();
        for (LocalDate day = now.oldestKept(first); day.isBefore(closedBefore); day = day.plusDays(1)) {
            days.add(day.toString());
        }
        return new Due(days, now.lastFire().toInstant());
    }

    @Override
    public String runKeyNow(Now now) {
        return now.utcToday().minusDays(2).toString();
    }

    @Override
    public Outcome run(String runKey, Settings settings) {
        return compact(LocalDate.parse(runKey));
    }

    /** Rewrites the raw partition of a finished UTC day in key order. */
    Outcome compact(LocalDate utcDay) {
        Long plays = store.write("compact the raw plays of " + utcDay, RollupMapper.class, rollups -> rollups.compactRaw(utcDay));
        return plays == null ? new Outcome(0, "no partition for that day")
                : new Outcome(plays, "partition of " + plays + " plays rewritten");
    }
}
