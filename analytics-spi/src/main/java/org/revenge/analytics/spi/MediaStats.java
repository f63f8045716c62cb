package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * Use of one media item over the period a query asked for.
 *
 * @param mediaId        the host's id of the item
 * @param libraryId      the library that holds the item
 * @param mediaType      the kind of media
 * @param plays          plays in the period
 * @param completedPlays plays in the period that reached the completion threshold
 * @param watchTimeSec   seconds watched in the period, pauses excluded
 * @param distinctUsers  distinct users who played the item in the period
 * @param lastPlayedAt   start of the latest play in the period (UTC)
 */
public record MediaStats(
        UUID mediaId,
        UUID libraryId,
        MediaType mediaType,
        long plays,
        long completedPlays,
        long watchTimeSec,
        long distinctUsers,
        Instant lastPlayedAt) {
}
