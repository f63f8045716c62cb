package org.revenge.analytics.internal.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.UUID;

import org.revenge.analytics.spi.PlaybackEvent;

/**
 * Plays turned column-wise, one array per column, for a single multi-row upsert. The start travels
 * as microseconds since the epoch, PostgreSQL's own precision, so nothing is rounded; the end as
 * whole seconds after the start, as it is stored. The play's id is not stored: a play is
 * identified by its user and start.
 */
public final class PlayColumns {

    public final Long[] startedAt;
    public final Integer[] endedSec;
    public final UUID[] userId;
    public final UUID[] mediaId;
    public final UUID[] libraryId;
    public final Integer[] durationSec;
    public final Short[] mediaType;
    public final Boolean[] completed;
    public final String[] clientType;
    public final Integer[] playMethod;

    public PlayColumns(Collection<PlaybackEvent> plays) {
        int n = plays.size();
        startedAt = new Long[n];
        endedSec = new Integer[n];
        userId = new UUID[n];
        mediaId = new UUID[n];
        libraryId = new UUID[n];
        durationSec = new Integer[n];
        mediaType = new Short[n];
        completed = new Boolean[n];
        clientType = new String[n];
        playMethod = new Integer[n];
        int i = 0;
        for (PlaybackEvent play : plays) {
            startedAt[i] = micros(play.startedAt());
            endedSec[i] = play.endedAt() == null ? null : endedSec(play);
            userId[i] = play.userId();
            mediaId[i] = play.mediaId();
            libraryId[i] = play.libraryId();
            durationSec[i] = play.durationSec();
            mediaType[i] = MediaTypeHandler.code(play.mediaType());
            completed[i] = play.completed();
            clientType[i] = play.clientType();
            playMethod[i] = (int) PlayMethodHandler.code(play.playMethod());
            i++;
        }
    }

    /** Whole seconds from the start to the end, to the nearest (a start moved on by a microsecond stays exact). */
    private static int endedSec(PlaybackEvent play) {
        long millis = Duration.between(play.startedAt(), play.endedAt()).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (millis + 500) / 1000));
    }

    static Long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
