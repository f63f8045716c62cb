package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored play, as exports and a user's history give it. It holds what the plugin stores of a
 * play and nothing more: no address, user agent or file path was ever stored.
 *
 * @param userId      the host's id of the user who played
 * @param startedAt   when playback started (UTC); with the user, what identifies the play
 * @param endedAt     when playback ended (UTC), or {@code null} while it is still going on
 * @param mediaId     the host's id of the media item
 * @param libraryId   the host's id of the library that holds the item
 * @param mediaType   the kind of media
 * @param clientType  the kind of client that played, or {@code null} if the host did not say
 * @param durationSec seconds actually watched, pauses excluded
 * @param completed   whether the user reached the end
 * @since 1.3
 */
public record PlayRecord(
        UUID userId,
        Instant startedAt,
        Instant endedAt,
        UUID mediaId,
        UUID libraryId,
        MediaType mediaType,
        String clientType,
        long durationSec,
        boolean completed) {
}
