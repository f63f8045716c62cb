package org.revenge.analytics.internal.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import org.revenge.analytics.internal.demo.Catalogue.Library;
import org.revenge.analytics.internal.demo.Catalogue.Listener;
import org.revenge.analytics.internal.demo.SessionScript.Ending;
import org.revenge.analytics.internal.demo.SessionScript.Plan;

/**
 * The traffic of "now": new sessions at the configured rate, each user playing one thing at a time,
 * a few sessions already under way when the player starts (so that plays appear within a minute),
 * library scans in turn, and now and then a bad event. Events wait in a timeline until their time
 * comes; {@link #tick} posts the ones that are due, in time order. Single-threaded.
 */
final class LiveTraffic {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private record Due(Posting posting, long order) {
    }

    private final Catalogue catalogue;
    private final DemoSettings settings;
    private final ZoneId zone;
    private final Random random;
    private final PriorityQueue<Due> timeline = new PriorityQueue<>((a, b) -> {
        int byTime = a.posting().at().compareTo(b.posting().at());
        return byTime != 0 ? byTime : Long.compare(a.order(), b.order());
    });
    private final Map<Listener, Instant> busyUntil = new HashMap<>();
    private long order;
    private Instant lastTick;
    private double sessionCredit;
    private double badCredit;
    private int badKind;
    private int nextLibrary;
    private Instant nextScan;

    LiveTraffic(Catalogue catalogue, DemoSettings settings, ZoneId zone, Random random) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.zone = zone;
        this.random = random;
    }

    /** Adds postings to the timeline, for example a past day's that are not all due yet. */
    void schedule(List<Posting> postings) {
        for (Posting posting : postings) {
            timeline.add(new Due(posting, order++));
        }
    }

    /**
     * Starts the traffic: a scan of every library, a few sessions that began a while ago and end
     * within the next minute, and one bad event, so that every figure has something to show soon.
     */
    void begin(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (Library library : catalogue.libraries()) {
            schedule(List.of(Scans.scan(library, today, now, random, true)));
        }
        int underway = Math.min(3, catalogue.listeners().size());
        for (int i = 0; i < underway; i++) {
            Listener listener = idleListener(now);
            Plan plan = new Plan(i % 2 == 0 ? Ending.FINISHED : Ending.STOPPED_EARLY, i == 1 ? 1 : 0, false);
            SessionScript script = script(listener, now, plan);
            Duration endsIn = Duration.ofSeconds(10 + random.nextInt(40));
            script = script.shifted(Duration.between(script.end(), now.plus(endsIn)));
            play(listener, script);
        }
        if (settings.badEventsPerHour() > 0) {
            schedule(List.of(BadEvents.make(badKind++, catalogue, now.plusSeconds(5), random)));
        }
        lastTick = now;
        nextScan = now.plus(Duration.ofMinutes(settings.scanIntervalMin()));
    }

    /** Starts what is due to start and posts, in time order, every event whose time has come. */
    void tick(Instant now, Consumer<Posting> post) {
        double seconds = Math.min(5, Math.max(0, Duration.between(lastTick, now).toMillis() / 1000.0));
        lastTick = now;
        sessionCredit += settings.sessionsPerMinute() / 60.0 * seconds;
        while (sessionCredit >= 1) {
            sessionCredit--;
            Listener listener = idleListener(now);
            if (listener != null) {
                play(listener, script(listener, now, SessionScript.plan(random)));
            }
        }
        badCredit += settings.badEventsPerHour() / 3600.0 * seconds;
        while (badCredit >= 1) {
            badCredit--;
            schedule(List.of(BadEvents.make(badKind++, catalogue, now, random)));
        }
        if (!now.isBefore(nextScan)) {
            Library library = catalogue.libraries().get(nextLibrary++ % catalogue.libraries().size());
            schedule(List.of(Scans.scan(library, LocalDate.ofInstant(now, zone), now, random, true)));
            nextScan = now.plus(Duration.ofMinutes(settings.scanIntervalMin()));
        }
        while (!timeline.isEmpty() && !timeline.peek().posting().at().isAfter(now)) {
            post.accept(timeline.poll().posting());
        }
    }

    /** @return the users in the middle of a session */
    int playing(Instant now) {
        return (int) busyUntil.values().stream().filter(until -> until.isAfter(now)).count();
    }

    private void play(Listener listener, SessionScript script) {
        schedule(script.postings());
        Instant until = script.end();
        if (script.plan().continuedLater()) {
            SessionScript later = script.continuedLater(UUID.randomUUID(), Duration.ofMinutes(2 + random.nextInt(20)), random);
            schedule(later.postings());
            until = later.end();
        }
        busyUntil.put(listener, until);
    }

    private SessionScript script(Listener listener, Instant start, Plan plan) {
        return SessionScript.write(UUID.randomUUID(), catalogue.pick(listener, random), start, 0, plan, PROGRESS_EVERY,
                random, true);
    }

    private Listener idleListener(Instant now) {
        List<Listener> idle = new ArrayList<>();
        for (Listener listener : catalogue.listeners()) {
            if (!busyUntil.getOrDefault(listener, Instant.MIN).isAfter(now)) {
                idle.add(listener);
            }
        }
        return idle.isEmpty() ? null : idle.get(random.nextInt(idle.size()));
    }
}
