package org.revenge.analytics.internal.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.PeriodState;
import org.revenge.analytics.internal.store.RollupMapper;

/**
 * Moves the ranking periods' sums (7, 30, 90, 365 days and all time) on to end yesterday, as soon
 * as a day has ended: adds the new day, takes away the day that left each period.
 */
final class RankingPeriodsJob extends NightlyJob {

    static final String KIND = "analytics.rollup_periods";

    /** A period further behind than this is summed again from its days rather than moved on day by day. */
    private static final int MOST_DAYS_TO_SHIFT = 31;

    private final AnalyticsStore store;

    RankingPeriodsJob(AnalyticsStore store) {
        super(KIND);
        this.store = store;
    }

    @Override
    public Due due(Now now) {
        return new Due(List.of(runKeyNow(now)), now.instant());
    }

    @Override
    public String runKeyNow(Now now) {
        return now.today().minusDays(1).toString();
    }

    @Override
    public Outcome run(String runKey, Settings settings) {
        return moveOn(LocalDate.parse(runKey));
    }

    /**
     * Moves every ranking period on so that it ends on {@code asOf}: a period a few days behind
     * gains the new days and loses those that left it; one further behind, or new, is summed
     * again from the daily rows. The all-time sums only ever gain days, so they keep what the
     * daily rows' retention has removed.
     */
    Outcome moveOn(LocalDate asOf) {
        return store.write("move the ranking periods on to " + asOf, RollupMapper.class, rollups -> {
            rollups.limitLockWait();
            rollups.lockRollups();
            Map<Integer, LocalDate> built = new HashMap<>();
            rollups.periodStates().forEach(state -> built.put(state.spanDays(), state.asOf()));
            List<String> done = new ArrayList<>();
            long rows = 0;
            for (int span : PeriodState.SPANS) {
                LocalDate previous = built.get(span);
                if (previous != null && !previous.isBefore(asOf)) {
                    continue;
                }
                PeriodState target = new PeriodState(span, asOf);
                boolean shift = previous != null && (span == 0 || !previous.plusDays(MOST_DAYS_TO_SHIFT).isBefore(asOf));
                if (shift) {
                    rows += rollups.shiftPeriod(span, previous.plusDays(1), asOf, 1);
                    if (span > 0) {
                        rows += rollups.shiftPeriod(span, new PeriodState(span, previous).firstDay(),
                                target.firstDay().minusDays(1), -1);
                        rows += rollups.pruneEmptyPeriodRows(span);
                    }
                } else {
                    rows += rollups.clearPeriod(span);
                    rows += rollups.shiftPeriod(span, span == 0 ? LocalDate.of(1970, 1, 1) : target.firstDay(), asOf, 1);
                }
                rows += rollups.recountPeriodUsers(span, target.firstDay());
                rollups.savePeriodState(span, asOf);
                done.add((span == 0 ? "all time" : span + " days") + (shift ? " moved on" : " summed"));
            }
            return new Outcome(rows, done.isEmpty() ? "already up to date" : String.join(", ", done));
        });
    }
}
