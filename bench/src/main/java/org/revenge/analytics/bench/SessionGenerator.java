package org.revenge.analytics.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.osgi.service.event.Event;

/**
 * Synthetic sessions as the host posts them: thousands of users, Zipf-popular media in five
 * libraries, each session STARTED, PROGRESS (sometimes paused), STOPPED. A session that pauses at
 * its PROGRESS stays paused to its stop, so only its first half is watched, which can fall below the
 * minimum; and a session that starts at most the resume window (1 hour, the default) after the
 * user's incomplete play of the same item stopped continues that play. The generator counts the
 * plays its sessions make by those default rules ({@link #expectedPlays}), for sessions generated
 * in the order of their starts.
 */
final class SessionGenerator {

    private static final int USERS = 5_000;
    private static final int MEDIA = 50_000;
    private static final int LIBRARIES = 5;
    private static final String[] TYPES = {"movie", "episode", "track", "audiobook", "other"};
    private static final int[] RUNTIMES = {6_000, 1_500, 240, 36_000, 600};
    private static final Duration RESUME_WINDOW = Duration.ofHours(1);
    private static final String[] CLIENTS = {"web", "android", "ios", "android-tv", "roku", "desktop"};

    private final UUID[] mediaIds = new UUID[MEDIA];
    private final UUID[] libraryIds = new UUID[LIBRARIES];
    private final UUID[] userIds = new UUID[USERS];
    private final double[] zipf = new double[MEDIA];
    private final SplittableRandom random = new SplittableRandom(20261124);
    private long sessionCounter;
    private long expectedPlays;
    /** Of each user and item, the latest play: its stop, furthest position, watch time and whether it counts yet. */
    private final LinkedHashMap<Long, LastPlay> lastPlays = new LinkedHashMap<>();

    private record LastPlay(Instant stoppedAt, int furthestSec, int runtimeSec, long watchedSec, boolean counted) {
    }

    SessionGenerator() {
        Arrays.setAll(mediaIds, i -> new UUID(0x6d65646961L, i + 1));
        Arrays.setAll(libraryIds, i -> new UUID(0x6c696272L, i + 1));
        Arrays.setAll(userIds, i -> new UUID(0x75736572L, i + 1));
        double sum = 0;
        for (int i = 0; i < MEDIA; i++) {
            sum += 1.0 / (i + 1);
            zipf[i] = sum;
        }
        for (int i = 0; i < MEDIA; i++) {
            zipf[i] /= sum;
        }
    }

    /** STARTED, PROGRESS (sometimes paused), STOPPED of one session. */
    Event[] session(Instant start) {
        return events(draw(start));
    }

    /**
     * One session's draws, without its events: what a benchmark keeps of sessions it posts later, and
     * how one that posts only some of the sessions (a node's share) keeps the same sequence as the others.
     */
    record Session(long number, int user, int media, int watchedSec, boolean paused, int client, long startMillis) {
    }

    /** Draws the next session and counts the plays it makes; {@link #events} makes its host events. */
    Session draw(Instant start) {
        int user = random.nextInt(USERS);
        int media = zipfIndex();
        int library = media % LIBRARIES;
        int runtime = RUNTIMES[library];
        int minimum = library == 2 || library == 3 ? 15 : 60;
        int watched = minimum + random.nextInt(Math.max(1, runtime - minimum));
        boolean paused = random.nextInt(10) == 0;
        int client = random.nextInt(CLIENTS.length);
        count(user, media, start, watched, paused ? watched / 2 : watched, minimum, runtime,
                start.plusSeconds(watched + (paused ? 120 : 0)));
        return new Session(++sessionCounter, user, media, watched, paused, client, start.toEpochMilli());
    }

    /** STARTED, PROGRESS (sometimes paused), STOPPED of a drawn session. */
    Event[] events(Session session) {
        int library = session.media() % LIBRARIES;
        int watched = session.watchedSec();
        UUID sessionId = new UUID(0x73657373L, session.number());
        Instant start = Instant.ofEpochMilli(session.startMillis());
        Map<String, Object> started = Map.of("session.id", sessionId, "user.id", userIds[session.user()], "media.id",
                mediaIds[session.media()], "library.id", libraryIds[library], "media.type", TYPES[library], "client.type",
                CLIENTS[session.client()], "position.sec", 0, "runtime.sec", RUNTIMES[library],
                "timestamp", start.toEpochMilli());
        return new Event[] {
            new Event("org/revenge/playback/STARTED", started),
            new Event("org/revenge/playback/PROGRESS", Map.of("session.id", sessionId, "position.sec", watched / 2,
                    "paused", session.paused(), "timestamp", start.plusSeconds(watched / 2).toEpochMilli())),
            new Event("org/revenge/playback/STOPPED", Map.of("session.id", sessionId, "position.sec", watched,
                    "timestamp", start.plusSeconds(watched + (session.paused() ? 120 : 0)).toEpochMilli()))
        };
    }

    /** @return the plays the sessions generated so far make by the default counting rules */
    long expectedPlays() {
        return expectedPlays;
    }

    /**
     * @param furthest   the furthest position, where the session stopped
     * @param watchTime  what of it was watched, not paused
     */
    private void count(int user, int media, Instant start, int furthest, int watchTime, int minimum, int runtime,
            Instant stop) {
        long key = (long) user * MEDIA + media;
        LastPlay last = lastPlays.remove(key);
        boolean resumes = last != null && last.furthestSec() * 100L < 90L * last.runtimeSec()
                && !start.isBefore(last.stoppedAt()) && !start.isAfter(last.stoppedAt().plus(RESUME_WINDOW));
        long watched = resumes ? last.watchedSec() + watchTime : watchTime;
        boolean counted = resumes && last.counted();
        if (!counted && watched >= minimum) {
            expectedPlays++;
            counted = true;
        }
        lastPlays.put(key, new LastPlay(stop, resumes ? Math.max(last.furthestSec(), furthest) : furthest, runtime, watched,
                counted));
        // starts come in order and no session lasts 11 hours: older plays can no longer be resumed
        Instant forgetBefore = start.minus(RESUME_WINDOW).minus(Duration.ofHours(11));
        for (var oldest = lastPlays.entrySet().iterator(); oldest.hasNext();) {
            if (!oldest.next().getValue().stoppedAt().isBefore(forgetBefore)) {
                break;
            }
            oldest.remove();
        }
    }

    private int zipfIndex() {
        int index = Arrays.binarySearch(zipf, random.nextDouble());
        return Math.min(MEDIA - 1, index >= 0 ? index : -index - 1);
    }
}
