package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.revenge.analytics.spi.MediaType;

/** Whole two-minute sessions of one user, as the writer's tests post them. */
final class Sessions {

    private Sessions() {
    }

    /** @return the start and the stop of a session that makes one play of 120 s */
    static List<Signal> of(UUID user, Instant start) {
        UUID session = UUID.randomUUID();
        return List.of(
                new Signal.Started(session, user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, "web", 0, 6000, start),
                new Signal.Stopped(session, 120, start.plusSeconds(120)));
    }
}
