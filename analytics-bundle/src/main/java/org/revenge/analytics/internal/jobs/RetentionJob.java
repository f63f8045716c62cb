package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.ibatis.session.SqlSession;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.MediaYearMapper;
import org.revenge.analytics.internal.store.PeakStreamsMapper;
import org.revenge.analytics.internal.store.PlayMethodMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.store.ServerYearMapper;

/**
 * Applies retention once a day, when the aggregation schedule fires: drops whole raw partitions
 * older than {@code retention.raw.days}, and deletes user-activity, daily-rollup and metric rows
 * older than theirs. Its kind keeps its first name, {@value #KIND}.
 */
final class RetentionJob extends NightlyJob {

    static final String KIND = "analytics.cleanup";

    /** The first year a play can have (YearReviews.checkedYear): retention counts every year up to its day's again. */
    private static final int FIRST_YEAR = 1970;

    private final AnalyticsStore store;
    private final PartitionChanges partitions;
    private final Clock clock;

    RetentionJob(AnalyticsStore store, PartitionChanges partitions, Clock clock) {
        super(KIND);
        this.store = store;
        this.partitions = partitions;
        this.clock = clock;
    }

    @Override
    public Due due(Now now) {
        return new Due(List.of(now.lastFire().toLocalDate().toString()), now.lastFire().toInstant());
    }

    @Override
    public String runKeyNow(Now now) {
        return now.today().toString();
    }

    @Override
    public Outcome run(String runKey, Settings settings) {
        LocalDate today = LocalDate.parse(runKey);
        Settings.Retention keep = settings.retention();
        int dropped = keep.rawDays() == 0 ? 0
                : partitions.dropBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(keep.rawDays()), settings.zone().getId());
        int[] removed = store.transaction("apply retention", session -> {
            RollupMapper rollups = session.getMapper(RollupMapper.class);
            return new int[] {
                keep.userActivityDays() == 0 ? 0 : rollups.deleteUserActivityBefore(today.minusDays(keep.userActivityDays())),
                keep.dailyAggregateDays() == 0 ? 0 : deleteDailyBefore(session, rollups, today.minusDays(keep.dailyAggregateDays())),
                keep.systemMetricsDays() == 0 ? 0
                        : rollups.deleteSystemMetricsBefore(clock.instant().minus(Duration.ofDays(keep.systemMetricsDays()))),
                keep.rawDays() == 0 ? 0 : rollups.expireTrending(trendingBefore(keep.rawDays()))};
        });
        return new Outcome(removed[0] + removed[1] + removed[2] + removed[3], dropped + " raw partitions dropped, " + removed[0]
                + " user-activity rows, " + removed[1] + " media rows, " + removed[2] + " metric rows and " + removed[3]
                + " trending rows removed");
    }

    /** A trending count made before this counted raw plays from before the first day kept (which retention drops). */
    private Instant trendingBefore(int rawDays) {
        Instant firstKept = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(rawDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        return firstKept.plus(TrendingJob.RECENT).plus(Duration.ofDays(TrendingJob.BASELINE_DAYS));
    }

    /**
     * Deletes the daily rollup rows before {@code before}, having first taken them out of the
     * per-item years (which equal the sums of their daily rows), then counts the server's years up
     * to its own again from what is left, and deletes the last-played days.
     */
    private static int deleteDailyBefore(SqlSession session, RollupMapper rollups, LocalDate before) {
        // under the writers' lock: no play may add to a day between its subtraction and its deletion
        rollups.limitLockWait();
        rollups.lockRollups();
        session.getMapper(MediaYearMapper.class).expireBefore(before);
        int deleted = rollups.deleteMediaStatsBefore(before);
        session.getMapper(ServerYearMapper.class).recountYears(FIRST_YEAR, before.getYear());
        return deleted + session.getMapper(PlayMethodMapper.class).expireBefore(before)
                + session.getMapper(PeakStreamsMapper.class).expireBefore(before) + forgetOldListeners(rollups, before);
    }

    /**
     * Drops the last-played days older than the daily rollups' retention, and counts the ranking
     * periods' distinct users again if any went (under the writers' lock, like the other changes
     * of the periods).
     */
    private static int forgetOldListeners(RollupMapper rollups, LocalDate before) {
        rollups.limitLockWait();
        rollups.lockRollups();
        int forgotten = rollups.deleteRecencyBefore(before);
        if (forgotten > 0) {
            rollups.periodStates().forEach(state -> rollups.recountPeriodUsers(state.spanDays(), state.firstDay()));
        }
        return forgotten;
    }
}
