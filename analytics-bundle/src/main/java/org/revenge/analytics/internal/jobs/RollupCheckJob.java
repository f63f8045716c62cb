package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.PeakStreamsMapper;
import org.revenge.analytics.internal.store.PeriodState;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.store.ServerYearMapper;
import org.revenge.analytics.internal.store.UserItemMapper;
import org.revenge.analytics.internal.store.YearMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one finished day (configured zone) of the per-media, per-user and breakdown daily tables
 * against the raw plays, once the aggregation schedule has fired after the day's end. The writer
 * keeps those tables exact as plays arrive, so this normally writes nothing; it repairs what came
 * another way (an import, a changed time zone) and carries the repair into the ranking periods.
 * It counts the peak of concurrent plays of the day, and of any earlier day not counted
 * ({@code peak_streams_daily}). It also counts the finished day into the yearly summaries of those who keep their year, long
 * before its raw plays expire. Its kind keeps its first name, {@value #KIND}.
 */
final class RollupCheckJob extends NightlyJob {

    static final String KIND = "analytics.aggregate_daily";

    private static final Logger LOG = LoggerFactory.getLogger(RollupCheckJob.class);

    private final AnalyticsStore store;
    private final Clock clock;

    RollupCheckJob(AnalyticsStore store, Clock clock) {
        super(KIND);
        this.store = store;
        this.clock = clock;
    }

    /** Every kept day whose check the schedule has reached, missed days after downtime included. */
    @Override
    public Due due(Now now) {
        LocalDate first = firstRawDay(store);
        if (first == null) {
            return Due.NONE;
        }
        List<String> days = new ArrayList<>();
        for (LocalDate day = now.oldestKept(first); day.isBefore(now.today()); day = day.plusDays(1)) {
            ZonedDateTime dayEnd = day.plusDays(1).atStartOfDay(now.settings().zone());
            if (!now.settings().schedule().next(dayEnd.minusMinutes(1)).isAfter(now.local())) {
                days.add(day.toString());
            }
        }
        return new Due(days, now.instant());
    }

    @Override
    public String runKeyNow(Now now) {
        return now.today().minusDays(1).toString();
    }

    @Override
    public Outcome run(String runKey, Settings settings) {
        return check(LocalDate.parse(runKey), settings);
    }

    /**
     * Checks one day's rollups against the raw plays; rows that did not change are not written. The
     * items' pass and the users' pass share no table, so they run side by side, each in a transaction
     * of its own on a connection of its own under the lock of its own tables: on a second core the
     * check takes the time of the longer pass, not of both.
     */
    Outcome check(LocalDate day, Settings settings) {
        Instant from = day.atStartOfDay(settings.zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(settings.zone()).toInstant();
        CompletableFuture<RollupMapper.UsersAndClients> usersPass = CompletableFuture.supplyAsync(
                () -> checkUsers(day, from, to), task -> {
                    Thread thread = new Thread(task, "analytics-check-users " + day);
                    thread.setDaemon(true);
                    thread.start();
                });
        RollupMapper.ItemsAndHours itemsAndHours;
        try {
            itemsAndHours = checkItems(day, from, to, settings);
        } finally {
            // never leave the users' pass running past this job, even when the items' pass failed
            usersPass.exceptionally(failure -> null).join();
        }
        RollupMapper.UsersAndClients usersAndClients;
        try {
            usersAndClients = usersPass.join();
        } catch (CompletionException failed) {
            // the job's failure is the pass's own (a lock not got in time, a lost connection), as in the items' pass
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
        int[] changed = {itemsAndHours.items(), usersAndClients.users(),
                itemsAndHours.hours() + itemsAndHours.methods() + usersAndClients.clients()};
        if (day.isBefore(LocalDate.ofInstant(clock.instant(), settings.zone()))) {
            store.write("count " + day + " into the kept years", YearMapper.class,
                    years -> years.countInto(day, settings.zone(), null));
            countPeaks(day, settings);
        }
        if (changed[0] + changed[1] + changed[2] > 0) {
            LOG.warn("Analytics repaired the rollups of {} from the raw plays: {} media rows, {} user rows and {} "
                    + "breakdown rows differed (expected after an import or a change of time zone)",
                    day, changed[0], changed[1], changed[2]);
        }
        return new Outcome(changed[0] + changed[1] + changed[2], changed[0] + " media rows, " + changed[1]
                + " user rows and " + changed[2] + " breakdown rows repaired");
    }

    /** The items' pass: the day's item, hour and play-method rows, and what carries their repairs. */
    private RollupMapper.ItemsAndHours checkItems(LocalDate day, Instant from, Instant to, Settings settings) {
        return store.transaction("check the items of " + day, session -> {
            RollupMapper rollups = session.getMapper(RollupMapper.class);
            rollups.limitLockWait();
            rollups.lockItemRollups();
            RollupMapper.ItemsAndHours itemsAndHours = rollups.checkItemsAndHours(day, from, to, settings.zone().getId());
            int media = itemsAndHours.items();
            if (media > 0 || itemsAndHours.hours() > 0) {
                // the writer adds to the server's year in the statement that adds to the daily rows:
                // it can only differ where they did
                session.getMapper(ServerYearMapper.class).recountYears(day.getYear(), day.getYear());
            }
            if (media > 0) {
                PeriodState.SPANS.forEach(rollups::pruneEmptyPeriodRows);
                // the writer moves the last-played days in the same statement as the daily rows, so
                // they can only be behind where the daily rows were
                rollups.aggregateRecency(day, from, to);
                rollups.periodStates().forEach(state -> rollups.recountPeriodUsers(state.spanDays(), state.firstDay()));
            }
            return itemsAndHours;
        });
    }

    /** The users' pass: the day's user rows and client types' last days, and the user's item days where they differed. */
    private RollupMapper.UsersAndClients checkUsers(LocalDate day, Instant from, Instant to) {
        return store.transaction("check the users of " + day, session -> {
            RollupMapper rollups = session.getMapper(RollupMapper.class);
            rollups.limitLockWait();
            rollups.lockUserRollups();
            RollupMapper.UsersAndClients usersAndClients = rollups.reconcileUsersAndClients(day, from, to);
            if (usersAndClients.users() > 0) {
                // the writer adds to a user's item days in the statement that adds to their days: they
                // can only differ where the user rows did
                session.getMapper(UserItemMapper.class).reconcileDay(day, from, to);
            }
            return usersAndClients;
        });
    }

    /**
     * Counts the peak of concurrent plays of every finished day up to {@code day} that has raw plays
     * and no count: this day, a day whose count a late play or an import dropped (the writer drops
     * the count of each day it changes), the days before the table existed. Under the rollups' lock,
     * which the writer's statement waits for: a batch that changes a day is either counted or drops
     * the count after it is stored, never committed between the count's read and its write.
     */
    private void countPeaks(LocalDate day, Settings settings) {
        LocalDate first = firstRawDay(store);
        if (first == null || first.isAfter(day)) {
            return;
        }
        store.transaction("count the peak streams up to " + day, session -> {
            RollupMapper rollups = session.getMapper(RollupMapper.class);
            rollups.limitLockWait();
            rollups.lockRollups();
            PeakStreamsMapper peaks = session.getMapper(PeakStreamsMapper.class);
            return peaks.countDays(peaks.uncounted(first, day), settings.zone().getId(), clock.instant());
        });
    }

    /** @return the first day that has raw plays, or {@code null} when there are none */
    static LocalDate firstRawDay(AnalyticsStore store) {
        return store.read("find the first day with plays", RollupMapper.class, RollupMapper::firstRawDay);
    }
}
