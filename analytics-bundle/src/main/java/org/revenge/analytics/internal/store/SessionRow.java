package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.UUID;

import org.revenge.analytics.spi.MediaType;

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
        String clientType) {
}
