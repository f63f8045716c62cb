package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.MediaType;

/** One item's figures, from its daily rows and its users' last days. SQL in {@code ItemMapper.xml}. */
public interface ItemMapper {

    /** The item's days from {@code firstDay} on that have plays, oldest first. */
    List<DailyActivity> days(@Param("libraryId") UUID libraryId, @Param("mediaId") UUID mediaId, @Param("firstDay") LocalDate firstDay);

    /** The users whose latest play of the item is on {@code firstDay} or later: its distinct users since then. */
    long distinctUsers(@Param("libraryId") UUID libraryId, @Param("mediaId") UUID mediaId, @Param("firstDay") LocalDate firstDay);

    /** The item's media type and latest start from {@code firstDay} on, or null if it has no plays since. */
    ItemLatest latest(@Param("libraryId") UUID libraryId, @Param("mediaId") UUID mediaId, @Param("firstDay") LocalDate firstDay);

    /** What the daily rows say of an item beyond its counts. */
    record ItemLatest(MediaType mediaType, Instant lastPlayedAt) {
    }
}
