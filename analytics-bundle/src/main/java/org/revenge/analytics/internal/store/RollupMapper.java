package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;

import org.apache.ibatis.annotations.Param;

/**
 * The daily rollups and retention. Each write leaves unchanged rows untouched, so running a day
 * again writes nothing when nothing changed. SQL in {@code RollupMapper.xml}, which includes each rollup's
 * statements from its own file under {@code store/rollup/}.
 */
public interface RollupMapper {

    /** Stops the writers until the transaction ends, so the rollups cannot change under it. */
    void lockRollups();

    /** Makes this transaction wait at most 10 s for a lock, so a job never holds the writers up for long. */
    String limitLockWait();

    /** What {@link #checkItemsAndHours} found: the item rows and the breakdown rows that differed. */
    record ItemsAndHours(int items, int hours) {
    }

    /** What {@link #reconcileUsersAndClients} found: the user rows that differed, the client days moved. */
    record UsersAndClients(int users, int clients) {
    }

    /**
     * Checks the day's per-media rows and its totals per hour (in {@code zone}), client type and
     * media type against the raw plays started in [from, to), in one pass over them: rewrites the
     * rows that differ, and carries the items' difference into the libraries' days and the ranking
     * periods that hold the day.
     */
    default ItemsAndHours checkItemsAndHours(LocalDate day, Instant from, Instant to, String zone) {
        ZoneId zoneId = ZoneId.of(zone);
        ZoneOffsetTransition change = zoneId.getRules().nextTransition(from);
        boolean steady = LocalTime.MIDNIGHT.equals(from.atZone(zoneId).toLocalTime())
                && (change == null || !change.getInstant().isBefore(to));
        return reconcileItemsAndHours(day, from, to, zone, steady);
    }

    /**
     * {@link #checkItemsAndHours}, told whether [from, to) starts at a local midnight and keeps one
     * offset from UTC throughout ({@code steady}): then a play's local hour is the whole hours since
     * {@code from}, and no play's start needs converting to the zone.
     */
    ItemsAndHours reconcileItemsAndHours(@Param("day") LocalDate day, @Param("from") Instant from, @Param("to") Instant to,
            @Param("zone") String zone, @Param("steady") boolean steady);

    /**
     * Checks the day's per-user rows against the raw plays started in [from, to) (rewrites those that
     * differ, unique items counting that day only, and deletes those the plays no longer support),
     * and moves each user's last day on each client type played then up to {@code day}, in one pass.
     */
    UsersAndClients reconcileUsersAndClients(@Param("day") LocalDate day, @Param("from") Instant from,
            @Param("to") Instant to);

    /** Moves the last-played days of the plays started in [from, to) up to {@code day}. */
    int aggregateRecency(@Param("day") LocalDate day, @Param("from") Instant from, @Param("to") Instant to);

    List<PeriodState> periodStates();

    void savePeriodState(@Param("span") int span, @Param("asOf") LocalDate asOf);

    int clearPeriod(@Param("span") int span);

    /** Adds ({@code sign} 1) or takes away ({@code sign} -1) the daily rows of [fromDay, toDay] to a period. */
    int shiftPeriod(@Param("span") int span, @Param("fromDay") LocalDate fromDay, @Param("toDay") LocalDate toDay,
            @Param("sign") int sign);

    int pruneEmptyPeriodRows(@Param("span") int span);

    /** Counts a period's distinct users afresh; {@code firstDay} null for all time. @return rows changed */
    int recountPeriodUsers(@Param("span") int span, @Param("firstDay") LocalDate firstDay);

    /** Drops the raw partitions of UTC days that end on or before {@code before}. @return how many */
    int dropRawBefore(@Param("before") LocalDate before);

    /** Rewrites the raw partition of a finished UTC day in key order. @return its plays, or null if it has none */
    Long compactRaw(@Param("day") LocalDate day);

    int deleteUserActivityBefore(@Param("before") LocalDate before);

    int deleteMediaStatsBefore(@Param("before") LocalDate before);

    int deleteRecencyBefore(@Param("before") LocalDate before);

    int deleteSystemMetricsBefore(@Param("before") Instant before);

    /** @return a day on or before the first day with raw plays, or {@code null} if there are none */
    LocalDate firstRawDay();
}
