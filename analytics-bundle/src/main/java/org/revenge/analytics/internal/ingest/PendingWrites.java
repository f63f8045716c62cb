package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
 * What the next transaction must write: the latest state of every changed play and open session.
 * Writing it is idempotent, so after a failed transaction the same writes are simply tried again
 * with whatever has changed since merged in.
 */
final class PendingWrites {

    /** By user and start, which identify a stored play: a later report of a play moves the earlier forward. */
    final Map<PlayKey, PlaybackEvent> plays = new LinkedHashMap<>();
    /** Open sessions whose row must be written. */
    final Map<UUID, SessionRow> sessions = new LinkedHashMap<>();
    /** Sessions whose stored row must go, because they closed. */
    final Set<UUID> closedSessions = new LinkedHashSet<>();
    final List<LibrarySnapshot> scans = new ArrayList<>();
    /** Records set aside, for the quarantine table, written with the next transaction. */
    final List<Quarantined> quarantined = new ArrayList<>();
    /** Quarantine entries fed back through the writer: deleted in the transaction that stores what they held. */
    final List<Long> released = new ArrayList<>();
    /** Open sessions that have a row in the database: only those need a delete when they close. */
    private final Set<UUID> stored = new HashSet<>();

    void play(PlaybackEvent play) {
        plays.merge(PlayKey.of(play), play, PendingWrites::movedForward);
    }

    /**
     * Two reports of one play in the same batch: as if both were written one after the other, the
     * later end, the more watch time and completed once either is, and the item of the first (the
     * upsert of PlaybackMapper does the same against a stored play). Taking the later report as it
     * is would move the play back whenever a report with less than the one before lands in the
     * same batch (found by IngestFuzzIT).
     */
    static PlaybackEvent movedForward(PlaybackEvent held, PlaybackEvent report) {
        Instant ended = held.endedAt() == null ? report.endedAt()
                : report.endedAt() == null || held.endedAt().isAfter(report.endedAt()) ? held.endedAt() : report.endedAt();
        return new PlaybackEvent(held.id(), held.userId(), held.mediaId(), held.libraryId(), held.mediaType(), held.startedAt(),
                ended, Math.max(held.durationSec(), report.durationSec()), held.completed() || report.completed(),
                held.clientType(), held.playMethod());
    }

    void session(SessionRow row) {
        closedSessions.remove(row.sessionId());
        sessions.put(row.sessionId(), row);
    }

    /** The session closed: its row goes, if it ever was written; a session opened and closed between two writes costs nothing. */
    void forget(UUID sessionId) {
        sessions.remove(sessionId);
        if (stored.contains(sessionId)) {
            closedSessions.add(sessionId);
        }
    }

    /** A restored session's row is in the database. */
    void stored(UUID sessionId) {
        stored.add(sessionId);
    }

    /** A record set aside, with why and when. */
    record Quarantined(String kind, String content, String reason, Instant at) {
    }

    /** Sets a record aside, for the quarantine table. */
    void quarantine(QuarantineContent.Entry entry, String reason, Instant at) {
        quarantined.add(new Quarantined(entry.kind(), entry.content(), reason, at));
    }

    /** An open session's row was written on its own. */
    void sessionWritten(UUID sessionId) {
        sessions.remove(sessionId);
        stored.add(sessionId);
    }

    /** A closed session's row was deleted on its own, or set aside. */
    void sessionEnded(UUID sessionId) {
        closedSessions.remove(sessionId);
        stored.remove(sessionId);
    }

    /** What identifies a stored play. */
    record PlayKey(UUID userId, Instant startedAt) {
        static PlayKey of(PlaybackEvent play) {
            return new PlayKey(play.userId(), play.startedAt());
        }
    }

    /**
     * Forgets every pending write of a user: their plays are not written, and their open sessions'
     * rows are deleted if they were stored.
     *
     * @return how many pending plays and sessions were dropped
     */
    int dropUser(UUID userId) {
        return dropUser(userId, Instant.MAX);
    }

    /**
     * Forgets the pending writes of a user's plays that started before a time (an erasure).
     *
     * @return how many pending plays and sessions were dropped
     */
    int dropUser(UUID userId, Instant startedBefore) {
        int before = plays.size() + sessions.size();
        plays.keySet().removeIf(key -> key.userId().equals(userId) && key.startedAt().isBefore(startedBefore));
        List<UUID> userSessions = sessions.values().stream()
                .filter(row -> row.userId().equals(userId) && row.startedAt().isBefore(startedBefore))
                .map(SessionRow::sessionId).toList();
        userSessions.forEach(this::forget);
        return before - plays.size() - sessions.size();
    }

    /** @return how many writes wait: what the memory bound counts */
    int size() {
        return plays.size() + sessions.size() + closedSessions.size() + scans.size();
    }

    boolean isEmpty() {
        return plays.isEmpty() && sessions.isEmpty() && closedSessions.isEmpty() && scans.isEmpty() && quarantined.isEmpty()
                && released.isEmpty();
    }

    /** The writes went through: remembers which rows now exist, and starts afresh. */
    void written() {
        stored.addAll(sessions.keySet());
        stored.removeAll(closedSessions);
        clearPending();
    }

    /** Drops everything, for a new database or a new start: nothing is known to be stored. */
    void clear() {
        stored.clear();
        clearPending();
    }

    private void clearPending() {
        plays.clear();
        sessions.clear();
        closedSessions.clear();
        scans.clear();
        quarantined.clear();
        released.clear();
    }
}
