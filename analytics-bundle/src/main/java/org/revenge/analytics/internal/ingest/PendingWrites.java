package org.revenge.analytics.internal.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.revenge.analytics.internal.store.LibrarySnapshot;
import org.revenge.analytics.internal.store.SessionRow;
import org.revenge.analytics.spi.PlaybackEvent;

/**
 * What the next transaction must write: the latest state of every changed play and session.
 * Writing it is idempotent, so after a failed transaction the same writes are simply tried again
 * with whatever has changed since merged in.
 */
final class PendingWrites {

    final Map<UUID, PlaybackEvent> plays = new LinkedHashMap<>();
    final Map<UUID, SessionRow> sessions = new LinkedHashMap<>();
    final Set<UUID> closedSessions = new LinkedHashSet<>();
    final List<LibrarySnapshot> scans = new ArrayList<>();

    void play(PlaybackEvent play) {
        plays.put(play.id(), play);
    }

    void session(SessionRow row) {
        closedSessions.remove(row.sessionId());
        sessions.put(row.sessionId(), row);
    }

    void forget(UUID sessionId) {
        sessions.remove(sessionId);
        closedSessions.add(sessionId);
    }

    boolean isEmpty() {
        return plays.isEmpty() && sessions.isEmpty() && closedSessions.isEmpty() && scans.isEmpty();
    }

    void clear() {
        plays.clear();
        sessions.clear();
        closedSessions.clear();
        scans.clear();
    }
}
