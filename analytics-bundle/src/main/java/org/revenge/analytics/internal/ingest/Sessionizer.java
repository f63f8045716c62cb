package org.revenge.analytics.internal.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.revenge.analytics.internal.config.CountingRules;
import org.revenge.analytics.internal.store.SessionRow;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlaybackEvent;

/**
 * Turns the STARTED, PROGRESS and STOPPED signals of host sessions into plays, by the
 * {@link CountingRules}:
 * <ul>
 * <li>watch time is the event time that passes while a session is playing, not paused;</li>
 * <li>a play is completed when its furthest position reaches the completion share of the runtime;</li>
 * <li>a play shorter than the minimum for its media type is not a play (but a resume may still
 *     make it one);</li>
 * <li>a start of the same item by the same user within the resume window after an incomplete play
 *     continues that play: same play id, watch time added up;</li>
 * <li>a session silent for the idle timeout (by the wall clock) is closed at its last known position.</li>
 * </ul>
 * Closed sessions are kept for the resume window by the wall clock, so the plays made do not depend
 * on when the expiry runs nor on the order in which the sessions of different users arrive. Only
 * when more than {@link #HELD_BOUND} entries are held (a journal replayed after a long outage
 * brings days of sessions within minutes) are those that closed more than the resume window and
 * idle timeout before the newest start seen forgotten early: in a replay, which comes in event
 * order, no start can resume them any more, and memory stays bounded. (Starts, not stops: a long
 * session's stop lies hours after the starts that come with it.)
 * Applying a signal twice, or one older than what a session has seen, changes nothing, so a
 * journal can be replayed over state that already holds part of it. Single-threaded: only the
 * writer thread calls it.
 */
final class Sessionizer {

    /**
     * The entries held (sessions, retired ids, starts) past which closed sessions are also forgotten
     * by event time: some 15 MiB. A household's live sessions of one resume window are far fewer;
     * a replay of a long outage reaches it within seconds.
     */
    static final int HELD_BOUND = 50_000;

    /** A session's state while it is open, and for the resume window after it closed. */
    private static final class Session {
        final UUID sessionId;
        final UUID playId;
        final UUID userId;
        final UUID mediaId;
        final UUID libraryId;
        final MediaType mediaType;
        final String clientType;
        final PlayMethod playMethod;
        final Instant startedAt;
        int runtimeSec;
        Instant lastEventAt;
        Instant closedAt;
        long watchedSec;
        int positionSec;
        int furthestSec;
        boolean paused;
        boolean playWritten;
        /** Wall-clock time of the latest signal; idle timeouts and expiry are measured from it. */
        Instant heardAt;

        Session(UUID sessionId, UUID playId, UUID userId, UUID mediaId, UUID libraryId, MediaType mediaType,
                String clientType, PlayMethod playMethod, Instant startedAt) {
            this.sessionId = sessionId;
            this.playId = playId;
            this.userId = userId;
            this.mediaId = mediaId;
            this.libraryId = libraryId;
            this.mediaType = mediaType;
            this.clientType = clientType;
            this.playMethod = playMethod;
            this.startedAt = startedAt;
        }

        boolean open() {
            return closedAt == null;
        }

        SessionRow row() {
            return new SessionRow(sessionId, playId, userId, mediaId, libraryId, startedAt, lastEventAt, closedAt,
                    (int) Math.min(watchedSec, Integer.MAX_VALUE), positionSec, furthestSec, runtimeSec, mediaType,
                    paused, playWritten, clientType, playMethod);
        }
    }

    private record UserItem(UUID userId, UUID mediaId) {
    }

    /** What identifies a stored play: two plays of a user may not share it. */
    private record PlayStart(UUID userId, Instant startedAt) {
    }

    /** Replaced when the configuration changes: open sessions are judged by the rules in force when they close. */
    private CountingRules rules;
    private final Clock clock;
    private final PendingWrites pending;
    private final Map<UUID, Session> sessions = new HashMap<>();
    /** The latest session of each user and item, open or closed, to find what a start resumes. */
    private final Map<UserItem, Session> latest = new HashMap<>();
    /**
     * The starts of the plays of the sessions held here, and of recently retired ones (with when
     * they were retired), which a new play of the same user must not take.
     */
    private final Map<PlayStart, Instant> starts = new HashMap<>();
    /** Closed sessions with nothing left to resume, kept only to ignore late or repeated signals. */
    private final Map<UUID, Retired> finished = new HashMap<>();
    /** The newest start applied: what no start can resume any more is measured from it. */
    private Instant newestStartAt = Instant.MIN;
    private final int heldBound;

    /** When a session was retired, by the wall clock, and its last event. */
    private record Retired(Instant at, Instant lastEventAt) {
    }

    Sessionizer(CountingRules rules, Clock clock, PendingWrites pending) {
        this(rules, clock, pending, HELD_BOUND);
    }

    /** @param heldBound the entries held past which closed sessions are forgotten by event time too */
    Sessionizer(CountingRules rules, Clock clock, PendingWrites pending, int heldBound) {
        this.rules = rules;
        this.clock = clock;
        this.pending = pending;
        this.heldBound = heldBound;
    }

    /** @return the counting rules in force */
    CountingRules rules() {
        return rules;
    }

    /**
     * Applies changed counting rules from now on, to the sessions already open too: the next idle
     * check uses the new timeout, the next close the new minimums and completion share, the next
     * start the new resume window.
     */
    void rules(CountingRules changed) {
        rules = changed;
    }

    /**
     * Takes over the state a previous run left: its open sessions, and its recent incomplete plays,
     * which a start may still resume. Closed sessions are kept in memory only; after a restart a
     * resume finds its play through the stored play (the furthest position then starts afresh).
     */
    void restore(List<SessionRow> rows, List<PlaybackEvent> resumablePlays) {
        Instant now = clock.instant();
        for (PlaybackEvent play : resumablePlays) {
            Session session = new Session(play.id(), play.id(), play.userId(), play.mediaId(), play.libraryId(),
                    play.mediaType(), play.clientType(), play.playMethod(), play.startedAt());
            session.lastEventAt = play.endedAt();
            session.closedAt = play.endedAt();
            session.watchedSec = play.durationSec();
            session.playWritten = true;
            session.heardAt = now;
            remember(session);
        }
        restore(rows);
    }

    private void restore(List<SessionRow> rows) {
        Instant now = clock.instant();
        for (SessionRow row : rows) {
            Session session = new Session(row.sessionId(), row.playId(), row.userId(), row.mediaId(), row.libraryId(),
                    row.mediaType(), row.clientType(), row.playMethod(), row.startedAt());
            session.runtimeSec = row.runtimeSec();
            session.lastEventAt = row.lastEventAt();
            session.closedAt = row.closedAt();
            session.watchedSec = row.watchedSec();
            session.positionSec = row.positionSec();
            session.furthestSec = row.furthestSec();
            session.paused = row.paused();
            session.playWritten = row.playWritten();
            session.heardAt = now;
            remember(session);
            pending.stored(session.sessionId);
        }
    }

    /** Takes a restored session in; of several for one user and item, the latest is the one a start resumes. */
    private void remember(Session session) {
        sessions.put(session.sessionId, session);
        starts.put(new PlayStart(session.userId, session.startedAt), Instant.MAX);
        latest.merge(new UserItem(session.userId, session.mediaId), session,
                (a, b) -> a.lastEventAt.isAfter(b.lastEventAt) ? a : b);
    }

    /** @return the sessions, open and closed, and the retired sessions' ids and starts held in memory */
    int held() {
        return sessions.size() + finished.size() + starts.size();
    }

    /** @return the sessions still open */
    int openSessions() {
        return (int) sessions.values().stream().filter(Session::open).count();
    }

    /**
     * @return {@code false} if the signal was ignored: a repeat, older than what its session has
     *         seen, or for a session never started
     */
    boolean apply(Signal signal) {
        if (signal instanceof Signal.Started started) {
            if (started.at().isAfter(newestStartAt)) {
                newestStartAt = started.at();
            }
            return start(started);
        }
        if (signal instanceof Signal.Progress progress) {
            return progress(progress.sessionId(), progress.positionSec(), progress.paused(), progress.at(), false);
        }
        if (signal instanceof Signal.Stopped stopped) {
            return progress(stopped.sessionId(), stopped.positionSec(), false, stopped.at(), true);
        }
        throw new IllegalArgumentException("not a playback signal: " + signal);
    }

    private boolean start(Signal.Started started) {
        if (sessions.containsKey(started.sessionId()) || finished.containsKey(started.sessionId())) {
            return false;
        }
        UserItem key = new UserItem(started.userId(), started.mediaId());
        Session previous = latest.get(key);
        if (previous != null && previous.open() && !previous.lastEventAt.isAfter(started.at())) {
            // the client started again without stopping: the old session ends where it was last seen
            close(previous, previous.lastEventAt);
        }
        Session session;
        if (previous != null && resumable(previous, started.at())) {
            session = new Session(started.sessionId(), previous.playId, started.userId(), started.mediaId(),
                    started.libraryId(), started.mediaType(), started.clientType(), previous.playMethod, previous.startedAt);
            session.watchedSec = previous.watchedSec;
            session.furthestSec = previous.furthestSec;
            session.playWritten = previous.playWritten;
            retire(previous);
        } else {
            session = new Session(started.sessionId(), started.sessionId(), started.userId(), started.mediaId(),
                    started.libraryId(), started.mediaType(), started.clientType(), started.playMethod(),
                    freeStart(started.userId(), started.at()));
        }
        session.runtimeSec = started.runtimeSec();
        session.lastEventAt = started.at();
        session.positionSec = started.positionSec();
        session.furthestSec = Math.max(session.furthestSec, started.positionSec());
        session.heardAt = clock.instant();
        sessions.put(session.sessionId, session);
        starts.put(new PlayStart(session.userId, session.startedAt), Instant.MAX);
        latest.put(key, session);
        pending.session(session.row());
        return true;
    }

    /**
     * The start a new play of the user gets: the event's time, moved on by a microsecond for as
     * long as another play of the user held here, or retired within the last resume window and
     * idle timeout, already starts then (two devices on one account, or history imported with
     * coarse times), so each stays a play of its own. Replaying the same signals in the same order
     * gives the same starts.
     */
    private Instant freeStart(UUID userId, Instant at) {
        Instant start = at;
        while (starts.containsKey(new PlayStart(userId, start))) {
            start = start.plusNanos(1_000);
        }
        return start;
    }

    private boolean resumable(Session previous, Instant startAt) {
        return !previous.open() && previous.closedAt != null
                && !rules.completed(previous.furthestSec, previous.runtimeSec)
                && !startAt.isBefore(previous.closedAt)
                && Duration.between(previous.closedAt, startAt).compareTo(rules.resumeWindow()) <= 0;
    }

    private boolean progress(UUID sessionId, int positionSec, boolean paused, Instant at, boolean stop) {
        Session session = sessions.get(sessionId);
        if (session == null || !session.open() || !at.isAfter(session.lastEventAt)) {
            return false;
        }
        if (!session.paused) {
            session.watchedSec += Duration.between(session.lastEventAt, at).toSeconds();
        }
        session.lastEventAt = at;
        session.positionSec = positionSec;
        session.furthestSec = Math.max(session.furthestSec, positionSec);
        session.paused = paused;
        session.heardAt = clock.instant();
        if (stop) {
            close(session, at);
        } else {
            pending.session(session.row());
        }
        return true;
    }

    private void close(Session session, Instant at) {
        session.closedAt = at;
        if (session.watchedSec >= rules.minimumSec(session.mediaType)) {
            session.playWritten = true;
            pending.play(play(session));
        }
        pending.forget(session.sessionId);
        if (rules.completed(session.furthestSec, session.runtimeSec) || rules.resumeWindow().isZero()) {
            retire(session);
        }
    }

    /** Forgets a closed session's state; its id is remembered a while to ignore late signals. */
    private void retire(Session session) {
        sessions.remove(session.sessionId);
        starts.put(new PlayStart(session.userId, session.startedAt), clock.instant());
        latest.remove(new UserItem(session.userId, session.mediaId), session);
        finished.put(session.sessionId, new Retired(clock.instant(), session.lastEventAt));
        pending.forget(session.sessionId);
    }

    private PlaybackEvent play(Session session) {
        int watched = (int) Math.min(session.watchedSec, PlaybackEvent.MAX_DURATION_SEC);
        return new PlaybackEvent(session.playId, session.userId, session.mediaId, session.libraryId, session.mediaType,
                session.startedAt, session.closedAt, watched, rules.completed(session.furthestSec, session.runtimeSec),
                session.clientType, session.playMethod);
    }

    /**
     * Forgets everything held about a user (opted out or erased): their sessions, open or closed,
     * end without a play, their stored session rows are deleted at the next write, and later
     * signals of those sessions are ignored.
     *
     * @return the sessions dropped
     */
    int dropUser(UUID userId) {
        return dropUser(userId, Instant.MAX);
    }

    /**
     * Forgets what is held about a user's plays that started before a time (an erasure made on
     * another node): those sessions end without a play and their rows go; later plays stay.
     *
     * @return the sessions dropped
     */
    int dropUser(UUID userId, Instant startedBefore) {
        List<Session> dropped = sessions.values().stream()
                .filter(session -> session.userId.equals(userId) && session.startedAt.isBefore(startedBefore)).toList();
        Instant now = clock.instant();
        for (Session session : dropped) {
            sessions.remove(session.sessionId);
            finished.put(session.sessionId, new Retired(now, session.lastEventAt));
            pending.forget(session.sessionId);
        }
        latest.entrySet().removeIf(entry -> entry.getKey().userId().equals(userId)
                && entry.getValue().startedAt.isBefore(startedBefore));
        starts.keySet().removeIf(key -> key.userId().equals(userId) && key.startedAt().isBefore(startedBefore));
        return dropped.size();
    }

    /**
     * Takes over open sessions of a node that died: as after a restore, but each is judged idle
     * from when the dead node was last known alive, so one its idle timeout has passed since closes
     * at the next expiry, at its last known position, as it would have there.
     *
     * @param lastAlive when the dead node last renewed its lease (by the database's clock); a time
     *                  after now counts as now
     */
    void adopt(List<SessionRow> rows, Instant lastAlive) {
        Instant now = clock.instant();
        restore(rows);
        Instant heard = lastAlive.isAfter(now) ? now : lastAlive;
        for (SessionRow row : rows) {
            Session session = sessions.get(row.sessionId());
            if (session != null) {
                session.heardAt = heard;
            }
        }
    }

    /**
     * Closes sessions silent for the idle timeout, and forgets closed ones whose resume window
     * has passed. Measured by the wall clock from when the plugin last heard of them; past the
     * {@linkplain #HELD_BOUND bound} on what is held, closed sessions are also measured by the
     * events' own time: one that closed more than the resume window and idle timeout before the
     * newest start seen is then forgotten however recently it was heard of.
     */
    void expire() {
        Instant now = clock.instant();
        Duration kept = rules.resumeWindow().plus(rules.idleTimeout());
        Instant eventHorizon = held() <= heldBound || newestStartAt.equals(Instant.MIN) ? Instant.MIN : newestStartAt.minus(kept);
        List<Session> idle = new ArrayList<>();
        List<Session> stale = new ArrayList<>();
        for (Session session : sessions.values()) {
            if (session.open() && session.heardAt.plus(rules.idleTimeout()).isBefore(now)) {
                idle.add(session);
            } else if (!session.open() && (session.heardAt.plus(rules.resumeWindow()).isBefore(now)
                    || session.closedAt.isBefore(eventHorizon))) {
                stale.add(session);
            }
        }
        idle.forEach(session -> close(session, session.lastEventAt));
        stale.forEach(this::retire);
        Instant forgetBefore = now.minus(kept);
        finished.values().removeIf(retired -> retired.at().isBefore(forgetBefore)
                || retired.lastEventAt() != null && retired.lastEventAt().isBefore(eventHorizon));
        starts.entrySet().removeIf(start -> start.getValue().isBefore(forgetBefore)
                || !start.getValue().equals(Instant.MAX) && start.getKey().startedAt().isBefore(eventHorizon));
    }
}
