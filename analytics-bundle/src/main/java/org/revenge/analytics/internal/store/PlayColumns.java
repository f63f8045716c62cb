package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.UUID;

import org.revenge.analytics.spi.PlaybackEvent;

/**
 * Plays turned column-wise, one array per column, for a single multi-row upsert. Times travel as
 * microseconds since the epoch, PostgreSQL's own precision, so nothing is rounded.
 */
public final class PlayColumns {

    public final Long[] startedAt;
    public final Long[] endedAt;
    public final UUID[] userId;
    public final UUID[] id;
    public final UUID[] mediaId;
    public final UUID[] libraryId;
    public final Integer[] durationSec;
    public final Short[] mediaType;
    public final Boolean[] completed;
    public final String[] clientType;

    public PlayColumns(Collection<PlaybackEvent> plays) {
        int n = plays.size();
        startedAt = new Long[n];
        endedAt = new Long[n];
        userId = new UUID[n];
        id = new UUID[n];
        mediaId = new UUID[n];
        libraryId = new UUID[n];
        durationSec = new Integer[n];
        mediaType = new Short[n];
        completed = new Boolean[n];
        clientType = new String[n];
        int i = 0;
        for (PlaybackEvent play : plays) {
            startedAt[i] = micros(play.startedAt());
            endedAt[i] = play.endedAt() == null ? null : micros(play.endedAt());
            userId[i] = play.userId();
            id[i] = play.id();
            mediaId[i] = play.mediaId();
            libraryId[i] = play.libraryId();
            durationSec[i] = play.durationSec();
            mediaType[i] = MediaTypeHandler.code(play.mediaType());
            completed[i] = play.completed();
            clientType[i] = play.clientType();
            i++;
        }
    }

    static Long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
