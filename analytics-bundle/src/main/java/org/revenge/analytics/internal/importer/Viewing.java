package org.revenge.analytics.internal.importer;

import java.time.Instant;

import org.revenge.analytics.spi.MediaType;

/**
 * One viewing as a source file tells it, before the counting rules and the id mapping: the
 * source's own ids (as text), never a name, address, device or path.
 *
 * @param key         the source's key of the viewing (Tautulli's reference_id, Jellystat's Id, ...),
 *                    unique within the source: what a second import recognises
 * @param userId      the source's user id
 * @param mediaId     the source's item id
 * @param libraryId   the source's library id, or a stand-in the reader chose (never null)
 * @param mediaType   the kind of media
 * @param startedAt   when the viewing started
 * @param endedAt     when it ended
 * @param watchedSec  seconds watched, pauses excluded
 * @param positionSec the final position, or -1 when the source records none
 * @param runtimeSec  the item's runtime, or -1 when unknown
 * @param clientType  the kind of client, or null
 */
record Viewing(String key, String userId, String mediaId, String libraryId, MediaType mediaType, Instant startedAt,
        Instant endedAt, long watchedSec, long positionSec, long runtimeSec, String clientType) {
}
