package org.revenge.analytics.itest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the plugin should store for a stream of valid inputs, worked out from the counting rules as
 * README ("Recording plays", "Configuration") and the SPI Javadoc state them, with the default
 * rules and {@code timezone = UTC}. Written for the fuzz test without any of the plugin's classes,
 * so that the two are independent accounts of the same rules:
 * <ul>
 * <li>watch time is event time spent playing: the time from each applied event to the next,
 *     unless the earlier one left the session paused;</li>
 * <li>a play shorter than 60 s of video (movie, episode, other) or 15 s of audio (track,
 *     audiobook) is not a play;</li>
 * <li>a play is completed when its furthest position reaches 90 % of the runtime;</li>
 * <li>a start of the same item by the same user within an hour after an incomplete play continues
 *     that play: the same play (its start), watch time added up;</li>
 * <li>the session id is the play id: a session delivered twice is one play. An event that does not
 *     move its session forward in event time (a repeat, a late one, one after the stop, or one
 *     before the session's start arrived) changes nothing: "a later report only moves it forward,
 *     never back" ({@code AnalyticsService.recordPlayback});</li>
 * <li>{@code recordPlayback} stores the play it is given; the same user and start again moves
 *     it forward: later end, more watch time, completed;</li>
 * <li>a library's snapshot is per day (in {@code timezone}) of {@code scannedAt}: the last scan of a
 *     day wins, added items of the day's scans add up, a repeated or older scan changes nothing.</li>
 * </ul>
 * Only inputs that pass validation reach the model; the fuzz test knows which those are because
 * it made them.
 */
final class CountingModel {

    static final int MIN_VIDEO_SEC = 60;
    static final int MIN_AUDIO_SEC = 15;
    static final int COMPLETED_PERCENT = 90;
    static final Duration RESUME_WINDOW = Duration.ofMinutes(60);
    static final int MAX_DURATION_SEC = 86_400;

    /** A play as {@code playback_events} holds it; {@code endedSec} is null while open. */
    record Play(UUID userId, Instant startedAt, UUID mediaId, UUID libraryId, String mediaType, String clientType,
            int durationSec, Integer endedSec, boolean completed) {
    }

    /** A library's day as {@code library_stats_daily} holds it. */
    record Snapshot(UUID libraryId, LocalDate day, Instant scannedAt, long totalItems, long totalSizeBytes,
            long missingMetadata, long orphanedFiles, long addedItems) {
    }

    record PlayKey(UUID userId, Instant startedAt) {
    }

    record DayKey(UUID libraryId, LocalDate day) {
    }

    private record UserItem(UUID userId, UUID mediaId) {
    }

    private static final class Session {
        UUID userId;
        UUID mediaId;
        UUID libraryId;
        String mediaType;
        String clientType;
        int runtimeSec;
        Instant playStart;
        Instant lastAt;
        long watchedSec;
        int furthestSec;
        boolean paused;
        Instant closedAt;
        boolean resumable;
    }

    private final Map<UUID, Session> sessions = new HashMap<>();
    private final Map<UserItem, Session> lastClosed = new HashMap<>();
    private final Map<PlayKey, Play> plays = new HashMap<>();
    private final Map<DayKey, Snapshot> snapshots = new HashMap<>();

    void started(UUID sessionId, UUID userId, UUID mediaId, UUID libraryId, String mediaType, String clientType,
            int positionSec, int runtimeSec, Instant at) {
        if (sessions.containsKey(sessionId)) {
            return;
        }
        Session session = new Session();
        session.userId = userId;
        session.mediaId = mediaId;
        session.libraryId = libraryId;
        session.mediaType = mediaType;
        session.clientType = clientType;
        session.runtimeSec = runtimeSec;
        session.lastAt = at;
        session.playStart = at;
        Session previous = lastClosed.get(new UserItem(userId, mediaId));
        if (previous != null && previous.resumable && !at.isBefore(previous.closedAt)
                && Duration.between(previous.closedAt, at).compareTo(RESUME_WINDOW) <= 0) {
            session.playStart = previous.playStart;
            session.watchedSec = previous.watchedSec;
            session.furthestSec = previous.furthestSec;
            previous.resumable = false;
        }
        session.furthestSec = Math.max(session.furthestSec, positionSec);
        sessions.put(sessionId, session);
    }

    void progress(UUID sessionId, int positionSec, boolean paused, Instant at) {
        Session session = moveOn(sessionId, positionSec, at);
        if (session != null) {
            session.paused = paused;
        }
    }

    void stopped(UUID sessionId, int positionSec, Instant at) {
        Session session = moveOn(sessionId, positionSec, at);
        if (session == null) {
            return;
        }
        session.closedAt = at;
        boolean completed = completed(session.furthestSec, session.runtimeSec);
        session.resumable = !completed;
        lastClosed.put(new UserItem(session.userId, session.mediaId), session);
        int minimum = isAudio(session.mediaType) ? MIN_AUDIO_SEC : MIN_VIDEO_SEC;
        if (session.watchedSec >= minimum) {
            plays.put(new PlayKey(session.userId, session.playStart), new Play(session.userId, session.playStart,
                    session.mediaId, session.libraryId, session.mediaType, session.clientType,
                    (int) Math.min(session.watchedSec, MAX_DURATION_SEC),
                    (int) Duration.between(session.playStart, at).toSeconds(), completed));
        }
    }

    private Session moveOn(UUID sessionId, int positionSec, Instant at) {
        Session session = sessions.get(sessionId);
        if (session == null || session.closedAt != null || !at.isAfter(session.lastAt)) {
            return null;
        }
        if (!session.paused) {
            session.watchedSec += Duration.between(session.lastAt, at).toSeconds();
        }
        session.lastAt = at;
        session.furthestSec = Math.max(session.furthestSec, positionSec);
        return session;
    }

    /** A play through {@code recordPlayback}. */
    void direct(SpiCalls.Play play) {
        Integer endedSec = play.endedAt() == null ? null : (int) Duration.between(play.startedAt(), play.endedAt()).toSeconds();
        Play given = new Play(play.userId(), play.startedAt(), play.mediaId(), play.libraryId(),
                play.mediaType().toLowerCase(java.util.Locale.ROOT), play.clientType(), play.durationSec(), endedSec,
                play.completed());
        plays.merge(new PlayKey(play.userId(), play.startedAt()), given, (stored, later) -> new Play(stored.userId(),
                stored.startedAt(), stored.mediaId(), stored.libraryId(), stored.mediaType(), stored.clientType(),
                Math.max(stored.durationSec(), later.durationSec()), later(stored.endedSec(), later.endedSec()),
                stored.completed() || later.completed()));
    }

    private static Integer later(Integer stored, Integer reported) {
        if (stored == null) {
            return reported;
        }
        return reported == null ? stored : Math.max(stored, reported);
    }

    /** A scan, from an event or {@code recordLibraryScan}. */
    void scanned(UUID libraryId, SpiCalls.Scan scan) {
        DayKey key = new DayKey(libraryId, LocalDate.ofInstant(scan.scannedAt(), ZoneOffset.UTC));
        Snapshot stored = snapshots.get(key);
        if (stored != null && !scan.scannedAt().isAfter(stored.scannedAt())) {
            return;
        }
        long added = (stored == null ? 0 : stored.addedItems()) + scan.addedItems();
        snapshots.put(key, new Snapshot(libraryId, key.day(), scan.scannedAt(), scan.totalItems(), scan.totalSizeBytes(),
                scan.missingMetadata(), scan.orphanedFiles(), added));
    }

    static boolean completed(int furthestSec, int runtimeSec) {
        return runtimeSec > 0 && furthestSec * 100L >= (long) COMPLETED_PERCENT * runtimeSec;
    }

    static boolean isAudio(String mediaType) {
        return mediaType.equals("track") || mediaType.equals("audiobook");
    }

    Map<PlayKey, Play> plays() {
        return plays;
    }

    Map<DayKey, Snapshot> snapshots() {
        return snapshots;
    }
}
