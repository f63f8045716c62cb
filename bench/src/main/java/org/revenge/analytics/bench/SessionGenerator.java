package org.revenge.analytics.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.osgi.service.event.Event;

/**
 * Synthetic sessions as the host posts them: thousands of users, Zipf-popular media in five
 * libraries, each session STARTED, PROGRESS (sometimes paused), STOPPED, and each one a play (it
 * is always watched past the minimum), so the plays expected are the sessions generated.
 */
final class SessionGenerator {

    private static final int USERS = 5_000;
    private static final int MEDIA = 50_000;
    private static final int LIBRARIES = 5;
    private static final String[] TYPES = {"movie", "episode", "track", "audiobook", "other"};
    private static final int[] RUNTIMES = {6_000, 1_500, 240, 36_000, 600};
    private static final String[] CLIENTS = {"web", "android", "ios", "android-tv", "roku", "desktop"};

    private final UUID[] mediaIds = new UUID[MEDIA];
    private final UUID[] libraryIds = new UUID[LIBRARIES];
    private final UUID[] userIds = new UUID[USERS];
    private final double[] zipf = new double[MEDIA];
    private final SplittableRandom random = new SplittableRandom(20261124);
    private long sessionCounter;

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
        int user = random.nextInt(USERS);
        int media = zipfIndex();
        int library = media % LIBRARIES;
        int runtime = RUNTIMES[library];
        int minimum = library == 2 || library == 3 ? 15 : 60;
        int watched = minimum + random.nextInt(Math.max(1, runtime - minimum));
        UUID sessionId = new UUID(0x73657373L, ++sessionCounter);
        boolean paused = random.nextInt(10) == 0;
        Map<String, Object> started = Map.of("session.id", sessionId, "user.id", userIds[user], "media.id", mediaIds[media],
                "library.id", libraryIds[library], "media.type", TYPES[library], "client.type",
                CLIENTS[random.nextInt(CLIENTS.length)], "position.sec", 0, "runtime.sec", runtime,
                "timestamp", start.toEpochMilli());
        return new Event[] {
            new Event("org/revenge/playback/STARTED", started),
            new Event("org/revenge/playback/PROGRESS", Map.of("session.id", sessionId, "position.sec", watched / 2,
                    "paused", paused, "timestamp", start.plusSeconds(watched / 2).toEpochMilli())),
            new Event("org/revenge/playback/STOPPED", Map.of("session.id", sessionId, "position.sec", watched,
                    "timestamp", start.plusSeconds(watched + (paused ? 120 : 0)).toEpochMilli()))
        };
    }

    private int zipfIndex() {
        int index = Arrays.binarySearch(zipf, random.nextDouble());
        return Math.min(MEDIA - 1, index >= 0 ? index : -index - 1);
    }
}
