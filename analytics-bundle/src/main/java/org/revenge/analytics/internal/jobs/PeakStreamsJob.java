package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.internal.store.PeakStreamsMapper;

/**
 * Counts the peak of concurrent plays of today, the day still being written ({@code
 * peak_streams_recent}, see PeakStreamsMapper.xml), every
 * {@link #EVERY}, so that {@code getPeakStreamsByDay}, which the console asks on every page, reads a
 * count instead of sweeping today's plays ({@link SlottedJob}: a run per slot, read while
 * {@link #FRESH}).
 */
public final class PeakStreamsJob extends SlottedJob {

    static final String KIND = "analytics.peak_streams";

    /** A count older than this (the jobs paused, behind or failing) is not read: the days are swept at the call. */
    public static final java.time.Duration FRESH = SlottedJob.FRESH;

    PeakStreamsJob(AnalyticsStore store, Clock clock) {
        super(KIND, store, clock);
    }

    /** Counts the peaks of the days being written. */
    @Override
    Outcome count(Settings settings) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, settings.zone());
        int days = store.transaction("count the peaks of the days being written", session -> {
            PeakStreamsMapper peaks = session.getMapper(PeakStreamsMapper.class);
            List<LocalDate> uncounted = peaks.uncounted(today, today);
            peaks.clearRecent();
            int written = peaks.countRecent(uncounted, settings.zone().getId(), now);
            session.getMapper(JobMapper.class).forgetCompleted(KIND, now.minus(FORGET_RUNS));
            return written;
        });
        return new Outcome(days, days + " days' peaks counted as of " + now);
    }
}
