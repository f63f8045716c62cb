package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.MediaStats;

/** Reads and writes {@code playback_events}. SQL in {@code PlaybackMapper.xml}. */
public interface PlaybackMapper {

    /**
     * How long partition DDL waits for its lock on {@code playback_events}. Dropping a partition
     * needs the table to itself, so it waits behind any reader (an export that its client reads
     * slowly) and any write in progress, and while it waits every insert queues behind it; creating
     * one (attaching it) waits only for other partition changes. Either gives up after this long
     * instead, and is tried again (see {@code PartitionLocks}).
     */
    String DDL_LOCK_WAIT = "500ms";

    /**
     * Creates the partition of a UTC day if it is missing, waiting at most {@link #DDL_LOCK_WAIT}
     * for the lock (then failing with SQLState 55P03, {@code lock_not_available}); the
     * transaction's own lock wait is restored for what follows it.
     *
     * @return whether it had to be created
     */
    default boolean ensurePartition(LocalDate day) {
        String previous = lockWait();
        setLockWait(DDL_LOCK_WAIT);
        boolean created = createPartitionIfMissing(day);
        setLockWait(previous);
        return created;
    }

    /** Creates the partition of a UTC day if it is missing. @return whether it had to be created */
    boolean createPartitionIfMissing(@Param("day") LocalDate day);

    /** @return this transaction's {@code lock_timeout} */
    String lockWait();

    /** Sets {@code lock_timeout} for the rest of this transaction. @return the new value */
    String setLockWait(@Param("wait") String wait);

    /** Adds the client names not yet known to {@code client_types}. */
    void addClientTypes(@Param("names") String[] names);

    /**
     * Inserts plays, or moves stored plays with the same user and start forward (later end, more
     * watch time, completed), and adds what changed to the rollups. A repeat of what is stored
     * changes nothing. Call {@link #addClientTypes} first in the same transaction.
     *
     * @param plays plays with distinct (user, start)
     * @param zone  the configured zone, whose days the rollups count
     * @return how many plays were inserted or moved forward
     */
    int upsertPlays(@Param("plays") PlayColumns plays, @Param("zone") String zone);

    /** Items of a library over [from, to) from the raw plays, by plays or by distinct users. */
    List<MediaStats> rawRanking(@Param("libraryId") UUID libraryId, @Param("from") Instant from,
            @Param("to") Instant to, @Param("limit") int limit, @Param("byUsers") boolean byUsers);

    /**
     * The most played items over whole days [firstDay, today], from the period sums of
     * {@code span} days ending on {@code asOf}; {@code removedFrom} is the period's first day.
     */
    List<MediaStats> periodRanking(@Param("libraryId") UUID libraryId, @Param("span") int span,
            @Param("asOf") LocalDate asOf, @Param("removedFrom") LocalDate removedFrom,
            @Param("firstDay") LocalDate firstDay, @Param("today") LocalDate today, @Param("limit") int limit,
            @Param("usersHeld") boolean usersHeld);

    /** The most played items over whole days [firstDay, today], summing daily rows. */
    List<MediaStats> dailyRanking(@Param("libraryId") UUID libraryId, @Param("firstDay") LocalDate firstDay,
            @Param("today") LocalDate today, @Param("limit") int limit);

    /** The items with the most distinct users over whole days [firstDay, today]. */
    /**
     * The most popular items of whole days [firstDay, today], led by the distinct users of the period
     * {@code span}, which must start on {@code firstDay}; exact, see the mapper XML.
     */
    List<MediaStats> popularFromPeriod(@Param("libraryId") UUID libraryId, @Param("span") int span,
            @Param("firstDay") LocalDate firstDay, @Param("today") LocalDate today, @Param("limit") int limit);

    List<MediaStats> popularRanking(@Param("libraryId") UUID libraryId, @Param("firstDay") LocalDate firstDay,
            @Param("today") LocalDate today, @Param("limit") int limit);

    /** A library's trending items counted from the raw plays, best first (at most {@code limit}). */
    List<MediaStats> trending(@Param("libraryId") UUID libraryId, @Param("baselineFrom") Instant baselineFrom,
            @Param("recentFrom") Instant recentFrom, @Param("to") Instant to, @Param("baselineDays") int baselineDays,
            @Param("limit") int limit);

    /** When the trending job last counted, or {@code null}. */
    TrendingCount trendingCount();

    /** A library's trending items as the trending job last counted them, best first. */
    List<MediaStats> trendingCounted(@Param("libraryId") UUID libraryId, @Param("limit") int limit);

    /**
     * When the trending job counted ({@code trending_count}).
     *
     * @param recentFrom the start of the 24 hours the items' figures cover
     * @param countedAt  the moment counted: the end of those 24 hours
     */
    record TrendingCount(Instant recentFrom, Instant countedAt) {
    }

    /** A user's days over [firstDay, today] from the rollups, after one row for the whole period (no day). */
    List<UserDayRow> userPeriodFromRollups(@Param("userId") UUID userId, @Param("firstDay") LocalDate firstDay,
            @Param("today") LocalDate today);

    /** A user's days over [from, to), after one row for the whole period (the one with no day). */
    List<UserDayRow> userPeriod(@Param("userId") UUID userId, @Param("from") Instant from,
            @Param("to") Instant to, @Param("zone") String zone);

    /**
     * Users with a play started in [from, to), or with a play still open that started after
     * {@code openSince}, in parts ({@link ActiveUsersPart}) for ActiveUsersReader: the window's middle
     * from the active users job's count of {@code windowSec} if it has one made after
     * {@code freshSince} (whose middle then starts before {@code coreUntil}), its users left out if it
     * is the count the caller names ({@code knownMarginSec}, {@code knownCountedAt}, both
     * {@code null} for none), and its two ends from the raw plays; all of it from the raw plays
     * without such a count.
     */
    List<ActiveUsersPart> activeUsers(@Param("windowSec") long windowSec, @Param("from") Instant from, @Param("to") Instant to,
            @Param("freshSince") Instant freshSince, @Param("coreUntil") Instant coreUntil, @Param("openSince") Instant openSince,
            @Param("knownMarginSec") Integer knownMarginSec, @Param("knownCountedAt") Instant knownCountedAt);

    /**
     * A row of {@link #activeUsers}: by {@code part}, {@link #COUNT} names the count read
     * ({@code marginSec}, {@code countedAt}; nothing else), {@link #COUNTED} is a user of that count,
     * {@link #END} a user of the raw plays at the window's ends (or of all of it without a count),
     * with what is playing now.
     */
    record ActiveUsersPart(int part, UUID userId, Instant lastPlayedAt, long plays, long watchTimeSec, boolean playingNow,
            int marginSec, Instant countedAt) {

        public static final int COUNT = 0;
        public static final int COUNTED = 1;
        public static final int END = 2;
    }

    /**
     * Counts the users of the plays started in [coreFrom, countedAt) as the count of {@code windowSec}
     * without its first {@code marginSec} (coreFrom is countedAt less the window plus the margin).
     * @return the users
     */
    int countActiveUsers(@Param("windowSec") long windowSec, @Param("marginSec") long marginSec, @Param("coreFrom") Instant coreFrom,
            @Param("countedAt") Instant countedAt);

    /** Deletes every count of the active users, before the job counts again. @return the windows deleted */
    int clearActiveUsers();
}
