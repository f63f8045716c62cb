package org.revenge.analytics.itest;

import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.osgi.service.event.Event;

/** Events as the host posts them, with the values as strings the way Karaf's event:send sends them. */
final class HostEvents {

    private HostEvents() {
    }

    static Event started(UUID session, UUID user, UUID media, UUID library, String type, int runtimeSec, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put(SESSION_ID, session.toString());
        p.put(USER_ID, user.toString());
        p.put(MEDIA_ID, media.toString());
        p.put(LIBRARY_ID, library.toString());
        p.put(MEDIA_TYPE, type);
        p.put(CLIENT_TYPE, "web");
        p.put(POSITION_SEC, "0");
        p.put(RUNTIME_SEC, String.valueOf(runtimeSec));
        p.put(TIMESTAMP, String.valueOf(at.toEpochMilli()));
        return new Event(PLAYBACK_STARTED, p);
    }

    static Event progress(UUID session, int positionSec, boolean paused, Instant at) {
        return new Event(PLAYBACK_PROGRESS, Map.of(SESSION_ID, session.toString(), POSITION_SEC, String.valueOf(positionSec),
                PAUSED, String.valueOf(paused), TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    static Event stopped(UUID session, int positionSec, Instant at) {
        return new Event(PLAYBACK_STOPPED, Map.of(SESSION_ID, session.toString(), POSITION_SEC, String.valueOf(positionSec),
                TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    /** A whole session: start, progress halfway, stop after {@code watchedSec} of a 6000 s movie. */
    static List<Event> session(UUID session, UUID user, UUID media, UUID library, Instant start, int watchedSec) {
        List<Event> events = new ArrayList<>(3);
        events.add(started(session, user, media, library, "movie", 6000, start));
        events.add(progress(session, watchedSec / 2, false, start.plusSeconds(watchedSec / 2)));
        events.add(stopped(session, watchedSec, start.plusSeconds(watchedSec)));
        return events;
    }
}
