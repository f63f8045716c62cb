package org.revenge.analytics.internal.demo;

import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

import org.revenge.analytics.internal.demo.Catalogue.Playback;

/**
 * What one playback session does, as the host would report it: STARTED, PROGRESS at a steady
 * interval and at each pause and resume (position frozen while paused), and STOPPED, except for
 * an abandoned session, which just goes silent.
 */
final class SessionScript {

    /** How a session ends. */
    enum Ending {
        /** Played to the credits (90 % or more of the runtime). */
        FINISHED,
        /** Stopped part-way. */
        STOPPED_EARLY,
        /** Stopped within seconds: too short to count as a play. */
        SKIPPED,
        /** No STOPPED ever comes; Analytics closes the session after its idle timeout. */
        ABANDONED
    }

    /** What the session will be like; drawn by {@link #plan}. */
    record Plan(Ending ending, int pauses, boolean continuedLater) {
    }

    private final Playback playback;
    private final List<Posting> postings;
    private final Instant end;
    private final int endPositionSec;
    private final Plan plan;
    private final Duration progressEvery;
    private final boolean narrated;

    private SessionScript(Playback playback, List<Posting> postings, Instant end, int endPositionSec, Plan plan,
            Duration progressEvery, boolean narrated) {
        this.playback = playback;
        this.postings = List.copyOf(postings);
        this.end = end;
        this.endPositionSec = endPositionSec;
        this.plan = plan;
        this.progressEvery = progressEvery;
        this.narrated = narrated;
    }

    /** Draws how a session goes: mostly finished or stopped early, some paused, a few skipped or abandoned. */
    static Plan plan(Random random) {
        int roll = random.nextInt(100);
        Ending ending = roll < 45 ? Ending.FINISHED : roll < 80 ? Ending.STOPPED_EARLY : roll < 90 ? Ending.SKIPPED
                : Ending.ABANDONED;
        int pauses = ending == Ending.SKIPPED ? 0 : random.nextInt(10) < 3 ? 1 + random.nextInt(2) : 0;
        boolean continuedLater = ending == Ending.STOPPED_EARLY && random.nextInt(4) == 0;
        return new Plan(ending, pauses, continuedLater);
    }

    /**
     * @param sessionId     the host's session id
     * @param startPosition where playback starts (0, or where an earlier session stopped)
     * @param progressEvery how often a playing session reports its position
     * @param narrate       whether the events carry log lines (live sessions do, history does not)
     */
    /**
     * How the pretend server delivers a play: music and audiobooks play directly, browsers are sent
     * video they cannot decode now and then, television apps rarely. Taken from the session id, not
     * from {@code random}, so the rest of the script is what it was before the demo sent it.
     */
    static String playMethod(UUID sessionId, String client, boolean audio) {
        int roll = Math.floorMod(sessionId.hashCode(), 100);
        int transcode = audio ? 5 : client.startsWith("web") ? 45 : client.contains("tv") ? 10 : 25;
        int stream = audio ? 10 : 15;
        return roll < transcode ? "transcode" : roll < transcode + stream ? "direct-stream" : "direct-play";
    }

    static SessionScript write(UUID sessionId, Playback playback, Instant start, int startPosition, Plan plan,
            Duration progressEvery, Random random, boolean narrate) {
        var item = playback.item();
        var library = playback.library();
        String client = playback.client();
        int runtime = item.runtimeSec();
        int remaining = Math.max(1, runtime - startPosition);
        int target = switch (plan.ending()) {
            case FINISHED -> runtime - random.nextInt(Math.max(1, runtime / 20));
            case STOPPED_EARLY -> startPosition + (int) (remaining * (0.15 + 0.6 * random.nextDouble()));
            case SKIPPED -> startPosition + Math.min(remaining, 8 + random.nextInt(30));
            case ABANDONED -> startPosition + (int) (remaining * (0.1 + 0.5 * random.nextDouble()));
        };
        target = Math.min(runtime, Math.max(startPosition + 1, target));
        TreeSet<Integer> pauseAt = new TreeSet<>();
        for (int i = 0; i < plan.pauses() && target - startPosition > 120; i++) {
            pauseAt.add(startPosition + 60 + random.nextInt(target - startPosition - 60));
        }

        String who = playback.listener().name();
        String what = "'" + item.title() + "'";
        List<Posting> out = new ArrayList<>();
        Instant now = start;
        int position = startPosition;
        Map<String, Object> started = new HashMap<>();
        started.put(SESSION_ID, sessionId);
        started.put(USER_ID, playback.listener().id());
        started.put(MEDIA_ID, item.id());
        started.put(LIBRARY_ID, library.id());
        started.put(MEDIA_TYPE, library.type().wireName());
        started.put(CLIENT_TYPE, client);
        started.put(PLAY_METHOD, playMethod(sessionId, client, library.type().isAudio()));
        started.put(POSITION_SEC, position);
        started.put(RUNTIME_SEC, runtime);
        started.put(TIMESTAMP, now.toEpochMilli());
        out.add(new Posting(now, PLAYBACK_STARTED, started, narrate
                ? who + (startPosition > 0 ? " continues " + what + " from " + clock(startPosition) : " starts " + what)
                        + " (" + library.type().wireName() + ", " + length(runtime) + ") on " + client
                : null));

        int step = (int) progressEvery.toSeconds();
        while (position < target) {
            Integer nextPause = pauseAt.ceiling(position + 1);
            int next = Math.min(target, position + step);
            boolean pausing = nextPause != null && nextPause <= next;
            if (pausing) {
                next = nextPause;
            }
            now = now.plusSeconds(next - position);
            position = next;
            if (position == target && plan.ending() != Ending.ABANDONED) {
                break;
            }
            if (pausing) {
                pauseAt.remove(nextPause);
                out.add(progress(sessionId, position, true, now, narrate ? who + " pauses " + what + " at " + clock(position) : null));
                now = now.plusSeconds(60 + random.nextInt(11 * 60));
                out.add(progress(sessionId, position, false, now, narrate ? who + " resumes " + what : null));
            } else {
                String silence = narrate && position == target
                        ? who + " leaves " + what + " on " + client + " without stopping it: an abandoned session, "
                                + "which Analytics closes after its idle timeout"
                        : null;
                out.add(progress(sessionId, position, false, now, silence));
            }
        }
        if (plan.ending() != Ending.ABANDONED) {
            Map<String, Object> stopped = new HashMap<>();
            stopped.put(SESSION_ID, sessionId);
            stopped.put(POSITION_SEC, position);
            stopped.put(TIMESTAMP, now.toEpochMilli());
            out.add(new Posting(now, PLAYBACK_STOPPED, stopped, narrate ? who + " stops " + what + " at " + clock(position)
                    + " of " + clock(runtime) + ending(plan) : null));
        }
        return new SessionScript(playback, out, now, position, plan, progressEvery, narrate);
    }

    /**
     * @return the session in which the same user, a while after this one stopped, plays on from where
     *         it stopped; Analytics counts both as one play when the gap is within its resume window
     */
    SessionScript continuedLater(UUID sessionId, Duration gap, Random random) {
        Plan rest = new Plan(random.nextBoolean() ? Ending.FINISHED : Ending.STOPPED_EARLY, 0, false);
        return write(sessionId, playback, end.plus(gap), endPositionSec, rest, progressEvery, random, narrated);
    }

    List<Posting> postings() {
        return postings;
    }

    Instant end() {
        return end;
    }

    int endPositionSec() {
        return endPositionSec;
    }

    Plan plan() {
        return plan;
    }

    /** @return the same session, every event moved by the given time */
    SessionScript shifted(Duration by) {
        return new SessionScript(playback, postings.stream().map(posting -> posting.shifted(by)).toList(), end.plus(by),
                endPositionSec, plan, progressEvery, narrated);
    }

    private static Posting progress(UUID sessionId, int position, boolean paused, Instant at, String narration) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(SESSION_ID, sessionId);
        properties.put(POSITION_SEC, position);
        properties.put(PAUSED, paused);
        properties.put(TIMESTAMP, at.toEpochMilli());
        return new Posting(at, PLAYBACK_PROGRESS, properties, narration);
    }

    private static String ending(Plan plan) {
        switch (plan.ending()) {
            case FINISHED:
                return " (finished)";
            case SKIPPED:
                return " (skipped: too short to count as a play)";
            default:
                return plan.continuedLater() ? " (will continue later)" : "";
        }
    }

    static String clock(int seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    static String length(int seconds) {
        return seconds >= 3600 ? (seconds / 3600) + " h " + (seconds / 60 % 60) + " min" : Math.max(1, seconds / 60) + " min";
    }
}
