package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.cursor.Cursor;
import org.revenge.analytics.spi.PlayRecord;

/**
 * Opt-outs, a user's stored data, exports and erasure. SQL in {@code PrivacyMapper.xml}.
 */
public interface PrivacyMapper {

    /** One user's item and the last day they played it, from {@code media_user_recency}. */
    record ItemLastPlayed(UUID libraryId, UUID mediaId, LocalDate lastDay) {
    }

    /** Adds the opt-out if the user has none; an earlier opt-out keeps its time. */
    int optOut(@Param("userId") UUID userId, @Param("at") Instant at);

    int optIn(@Param("userId") UUID userId);

    /** @return when the user opted out, or {@code null} if they did not */
    Instant optedOutAt(@Param("userId") UUID userId);

    /** @return every opted-out user, ordered by id */
    List<UUID> optedOutUsers();

    /**
     * Makes the session's transaction a read-only snapshot: every read of an export sees the same
     * data. Must be the first statement of the transaction.
     */
    void readOnlySnapshot();

    /**
     * Has PostgreSQL end this transaction's session if it sits idle (its client reads nothing) for
     * longer than this, so a stalled export lets go of what it read.
     *
     * @param milliseconds the timeout, as text
     */
    String limitIdleInTransaction(@Param("milliseconds") String milliseconds);

    /** A user's newest plays, newest first. */
    List<PlayRecord> history(@Param("userId") UUID userId, @Param("limit") int limit);

    /** A page of the plays started in [from, to), by start and user, after the play given (or from the first). */
    List<PlayRecord> playPage(@Param("from") Instant from, @Param("to") Instant to, @Param("afterStart") Instant afterStart,
            @Param("afterUser") UUID afterUser, @Param("limit") int limit);

    /**
     * One page of a user's plays started in [from, to) and before {@code before} (if given), of one
     * library (if given), newest first: one range of the user's key.
     */
    List<PlayRecord> userPlayPage(@Param("userId") UUID userId, @Param("from") Instant from, @Param("to") Instant to,
            @Param("libraryId") UUID libraryId, @Param("before") Instant before, @Param("limit") int limit);

    /** A user's plays, oldest first, fetched a page at a time. */
    Cursor<PlayRecord> userPlays(@Param("userId") UUID userId);

    /** The UTC days that have a raw partition in [from, to), in order. */
    List<LocalDate> rawDays(@Param("from") LocalDate from, @Param("to") LocalDate to);

    /** The plays started in [from, to), oldest first, fetched a page at a time; [from, to) lies within one UTC day. */
    Cursor<PlayRecord> plays(@Param("from") Instant from, @Param("to") Instant to);

    /** A user's rows of {@code user_activity_daily}, oldest first. */
    List<UserDayRow> userDays(@Param("userId") UUID userId);

    /** A user's rows of {@code media_user_recency}. */
    List<ItemLastPlayed> userItems(@Param("userId") UUID userId);

    /** A user's open sessions. */
    List<SessionRow> userSessions(@Param("userId") UUID userId);

    /** The user's last day with a play, from {@code user_recency}, or {@code null}. */
    LocalDate userLastDay(@Param("userId") UUID userId);

    // ---- erasure: call in this order, in one transaction, under RollupMapper.lockRollups ----------

    /** Takes the user's plays out of their items' daily rows; rows left with no play go. @return rows lowered */
    int subtractFromMediaDays(@Param("userId") UUID userId, @Param("zone") String zone);

    /** Takes the user's plays out of their libraries' daily rows. @return rows lowered */
    int subtractFromLibraryDays(@Param("userId") UUID userId, @Param("zone") String zone);

    /** Takes the user's plays out of every ranking period that holds their days. @return rows lowered */
    int subtractFromPeriods(@Param("userId") UUID userId, @Param("zone") String zone);

    /** One distinct user fewer in every period row that counted the user. @return rows lowered */
    int subtractPeriodUsers(@Param("userId") UUID userId);

    /**
     * Removes the daily rows (per item and per library) of the user's days that have no play left:
     * those the user's plays alone made. Call before {@link #deletePlays}, which it reads.
     *
     * @return rows removed
     */
    int deleteEmptyDays(@Param("userId") UUID userId, @Param("zone") String zone);

    int deletePlays(@Param("userId") UUID userId);

    int deleteUserDays(@Param("userId") UUID userId);

    /** The user's last days on each client type, which the client types' user counts read. */
    int deleteUserClients(@Param("userId") UUID userId);

    /** Takes the user's plays out of the totals per day, hour, client type and media type. @return rows lowered */
    int subtractFromBreakdowns(@Param("userId") UUID userId, @Param("zone") String zone);

    int deleteUserRecency(@Param("userId") UUID userId);

    int deleteUserItems(@Param("userId") UUID userId);

    /** Erasure: the trending count, which counted the user's plays, goes. */
    int deleteTrending();

    int deleteUserSessions(@Param("userId") UUID userId);

    /**
     * The user's rows of the active users job's counts ({@code active_users_counted}), and the counts
     * that held them, so that no reader's copy of such a count is read again.
     * @return the user's rows deleted
     */
    int deleteUserActivityCounts(@Param("userId") UUID userId);

    /** Deletes the user's "keep my year" choice and every summary of their years. */
    int deleteUserYears(@Param("userId") UUID userId);
}
