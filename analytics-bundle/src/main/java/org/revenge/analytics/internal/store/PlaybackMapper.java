package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.UserActivity;

/** Reads and writes {@code playback_events}. SQL in {@code PlaybackMapper.xml}. */
public interface PlaybackMapper {

    /**
     * Creates the partition of a UTC day if it is missing.
     *
     * @return whether it had to be created
     */
    boolean ensurePartition(@Param("day") LocalDate day);

    /**
     * Inserts plays, or moves stored plays with the same key forward (later end, more watch time,
     * completed). A repeat of what is stored changes nothing.
     *
     * @param plays plays with distinct ids
     * @return how many rows were inserted or moved forward
     */
    int upsertPlays(PlayColumns plays);

    /** Items of a library over [from, to), by plays or by distinct users, with their tie-breakers. */
    List<MediaStats> ranking(@Param("libraryId") UUID libraryId, @Param("from") Instant from,
            @Param("to") Instant to, @Param("limit") int limit, @Param("byUsers") boolean byUsers);

    /** Ids of the trending items, best first. */
    List<UUID> trending(@Param("libraryId") UUID libraryId, @Param("baselineFrom") Instant baselineFrom,
            @Param("recentFrom") Instant recentFrom, @Param("to") Instant to, @Param("baselineDays") int baselineDays,
            @Param("limit") int limit);

    /** Figures of given items over [from, to), in no particular order. */
    List<MediaStats> mediaStats(@Param("libraryId") UUID libraryId, @Param("from") Instant from,
            @Param("to") Instant to, @Param("mediaIds") UUID[] mediaIds);

    List<MediaStats> recentlyWatched(@Param("userId") UUID userId, @Param("limit") int limit);

    List<DailyActivity> userDays(@Param("userId") UUID userId, @Param("from") Instant from,
            @Param("to") Instant to, @Param("zone") String zone);

    long userUniqueItems(@Param("userId") UUID userId, @Param("from") Instant from, @Param("to") Instant to);

    /**
     * Users with a play started in [from, to), or with a play still open that started after
     * {@code openSince}.
     */
    List<UserActivity> activeUsers(@Param("from") Instant from, @Param("to") Instant to,
            @Param("openSince") Instant openSince);
}
