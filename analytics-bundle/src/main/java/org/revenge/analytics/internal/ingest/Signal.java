package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.UUID;

import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;

/**
 * One validated input to the recording path, immutable, as {@code handleEvent} or a direct call
 * hands it to the writer. Every signal is journaled before it is applied.
 */
public sealed interface Signal {

    /** Playback of a session began. */
    record Started(UUID sessionId, UUID userId, UUID mediaId, UUID libraryId, MediaType mediaType, String clientType,
            int positionSec, int runtimeSec, Instant at, PlayMethod playMethod) implements Signal {

        /** A start whose play method the host did not say. */
        public Started(UUID sessionId, UUID userId, UUID mediaId, UUID libraryId, MediaType mediaType, String clientType,
                int positionSec, int runtimeSec, Instant at) {
            this(sessionId, userId, mediaId, libraryId, mediaType, clientType, positionSec, runtimeSec, at, null);
        }
    }

    /** A session reported its position, and whether it is paused from now on. */
    record Progress(UUID sessionId, int positionSec, boolean paused, Instant at) implements Signal {
    }

    /** A session ended at a position. */
    record Stopped(UUID sessionId, int positionSec, Instant at) implements Signal {
    }

    /** A whole play recorded through {@code AnalyticsService.recordPlayback}. */
    record DirectPlay(PlaybackEvent play) implements Signal {
    }

    /** A library scan, from the event or from {@code AnalyticsService.recordLibraryScan}. */
    record Scan(UUID libraryId, ScanStats stats) implements Signal {
    }
}
