package org.revenge.analytics.internal.store;

import java.util.Collection;
import java.util.UUID;

/** Session rows turned column-wise, one array per column, for a single multi-row upsert. */
public final class SessionColumns {

    public final UUID[] sessionId;
    public final UUID[] playId;
    public final UUID[] userId;
    public final UUID[] mediaId;
    public final UUID[] libraryId;
    public final Long[] startedAt;
    public final Long[] lastEventAt;
    public final Long[] closedAt;
    public final Integer[] watchedSec;
    public final Integer[] positionSec;
    public final Integer[] furthestSec;
    public final Integer[] runtimeSec;
    public final Short[] mediaType;
    public final Boolean[] paused;
    public final Boolean[] playWritten;
    public final String[] clientType;
    public final Short[] playMethod;

    public SessionColumns(Collection<SessionRow> rows) {
        int n = rows.size();
        sessionId = new UUID[n];
        playId = new UUID[n];
        userId = new UUID[n];
        mediaId = new UUID[n];
        libraryId = new UUID[n];
        startedAt = new Long[n];
        lastEventAt = new Long[n];
        closedAt = new Long[n];
        watchedSec = new Integer[n];
        positionSec = new Integer[n];
        furthestSec = new Integer[n];
        runtimeSec = new Integer[n];
        mediaType = new Short[n];
        paused = new Boolean[n];
        playWritten = new Boolean[n];
        clientType = new String[n];
        playMethod = new Short[n];
        int i = 0;
        for (SessionRow row : rows) {
            sessionId[i] = row.sessionId();
            playId[i] = row.playId();
            userId[i] = row.userId();
            mediaId[i] = row.mediaId();
            libraryId[i] = row.libraryId();
            startedAt[i] = PlayColumns.micros(row.startedAt());
            lastEventAt[i] = PlayColumns.micros(row.lastEventAt());
            closedAt[i] = row.closedAt() == null ? null : PlayColumns.micros(row.closedAt());
            watchedSec[i] = row.watchedSec();
            positionSec[i] = row.positionSec();
            furthestSec[i] = row.furthestSec();
            runtimeSec[i] = row.runtimeSec();
            mediaType[i] = MediaTypeHandler.code(row.mediaType());
            paused[i] = row.paused();
            playWritten[i] = row.playWritten();
            clientType[i] = row.clientType();
            playMethod[i] = PlayMethodHandler.code(row.playMethod());
            i++;
        }
    }
}
