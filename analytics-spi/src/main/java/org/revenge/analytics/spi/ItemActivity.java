package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One item's figures over a period of whole days: what an admin sees on opening an item.
 *
 * @param mediaId        the host's id of the item
 * @param libraryId      the host's id of the library that holds it
 * @param mediaType      the kind of media, or {@code null} if the item has no plays in the period
 * @param plays          plays started in the period
 * @param completedPlays of those, plays watched to the end
 * @param watchTimeSec   seconds watched in those plays, pauses excluded
 * @param distinctUsers  how many different users played it in the period
 * @param lastPlayedAt   the start of its latest play in the period, or {@code null} if none
 * @param days           the days of the period with plays of it, oldest first (days without are left out)
 * @since 1.5
 */
public record ItemActivity(UUID mediaId, UUID libraryId, MediaType mediaType, long plays, long completedPlays, long watchTimeSec,
        long distinctUsers, Instant lastPlayedAt, List<DailyActivity> days) {

    public ItemActivity {
        days = List.copyOf(days);
    }
}
