package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.internal.store.PlaybackMapper;

/**
 * Counts the active users of the console's windows, the last hour and the last day, every
 * {@link #EVERY} ({@code active_users_count}, changeset 029), so that {@code getActiveUsers} adds
 * a few minutes of plays to a count instead of grouping a day of them ({@link SlottedJob}: a run per
 * slot). A count's rows are never changed once written (a run replaces them all, the writer and an
 * erasure delete the count), so a reader may keep a copy of them for as long as the count is there
 * (ActiveUsersReader).
 *
 * <p>A count made at {@code countedAt} covers the window's middle only, the plays that started in
 * [{@code countedAt} less the window plus a margin, {@code countedAt}), once for each of the
 * {@link #MARGINS} (6 and 15 minutes). A reader within a margin of the count takes the count of the
 * shortest margin it is within, and the plays at the window's two ends from the raw plays, so its
 * window is the one it asks for, to the millisecond: while the job keeps its time, the raw plays of
 * 6 minutes at most (changeset 031). What a count holds is as of its moment: the
 * watch time a play of the middle adds later shows at the next count. A new play that started before
 * the count (a whole play recorded at its end, a journal replayed after an outage, an import) makes
 * the writer delete the count ({@code active_users_stale} in PlaybackMapper.writePlays), so the
 * window is read from the plays until the next one.
 */
public final class ActiveUsersJob extends SlottedJob {

    static final String KIND = "analytics.active_users";

    /** A count older than this (the jobs paused, behind or failing) is not read: the window is read from the plays. */
    public static final Duration FRESH = SlottedJob.FRESH;
    /** The windows counted: the console's choices. */
    public static final List<Duration> WINDOWS = List.of(Duration.ofHours(1), Duration.ofDays(1));
    /**
     * The start of a window each count leaves to the raw plays: a minute more than the job's period,
     * read while the job keeps its time, and {@link #FRESH}, read while it runs late. A reader takes
     * the fresh count with the shortest margin that still fits its window.
     */
    static final List<Duration> MARGINS = List.of(EVERY.plusMinutes(1), FRESH);

    ActiveUsersJob(AnalyticsStore store, Clock clock) {
        super(KIND, store, clock);
    }

    /** Counts the users of every window. */
    @Override
    Outcome count(Settings settings) {
        Instant now = clock.instant();
        int users = store.transaction("count the active users", session -> {
            PlaybackMapper plays = session.getMapper(PlaybackMapper.class);
            plays.clearActiveUsers();
            int counted = 0;
            for (Duration window : WINDOWS) {
                for (Duration margin : MARGINS) {
                    int rows = plays.countActiveUsers(window.toSeconds(), margin.toSeconds(), now.minus(window).plus(margin), now);
                    // the users of each window once: those of its widest middle
                    counted += margin.equals(MARGINS.get(0)) ? rows : 0;
                }
            }
            session.getMapper(JobMapper.class).forgetCompleted(KIND, now.minus(FORGET_RUNS));
            return counted;
        });
        return new Outcome(users, users + " active users counted as of " + now + " for the windows " + WINDOWS);
    }
}
