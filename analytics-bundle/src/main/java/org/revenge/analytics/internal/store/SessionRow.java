package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.UUID;

import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;

/** One row of {@code playback_sessions}: the persisted state of one session. */
public record SessionRow(
        UUID sessionId,
        UUID playId,
        UUID userId,
        UUID mediaId,
        UUID libraryId,
        Instant startedAt,
        Instant lastEventAt,
        Instant closedAt,
        int watchedSec,
        int positionSec,
        int furthestSec,
        int runtimeSec,
        MediaType mediaType,
        boolean paused,
        boolean playWritten,
        String clientType,
        PlayMethod playMethod) {

    /** A session whose play method the host did not say. */
    public SessionRow(UUID sessionId, UUID playId, UUID userId, UUID mediaId, UUID libraryId, Instant startedAt,
            Instant lastEventAt, Instant closedAt, int watchedSec, int positionSec, int furthestSec, int runtimeSec,
            MediaType mediaType, boolean paused, boolean playWritten, String clientType) {
        this(sessionId, playId, userId, mediaId, libraryId, startedAt, lastEventAt, closedAt, watchedSec, positionSec,
                furthestSec, runtimeSec, mediaType, paused, playWritten, clientType, null);
    }
}
