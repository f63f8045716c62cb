package org.revenge.analytics.internal.demo;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.revenge.analytics.internal.demo.Catalogue.Library;
import org.revenge.analytics.internal.demo.Catalogue.Listener;
import org.revenge.analytics.internal.demo.SessionScript.Plan;

/**
 * The plays and scans of one past day. The same day always gives the same sessions, with the same
 * ids and times, so posting a day twice records nothing twice: the plugin keys a play by its session.
 */
final class History {

    /** Relative weight of each local hour of the day for starting to play: evenings are busy. */
    private static final double[] HOURS = {2, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 2, 1.5, 1.5, 1.5, 2.5, 2.5, 2, 2, 2.5, 3.5,
        5, 7, 9, 9, 6, 4};
    private static final Duration PROGRESS_EVERY = Duration.ofMinutes(5);

    /** A day's postings and how many sessions they make. */
    record Day(List<Posting> postings, int sessions) {
    }

    private final Catalogue catalogue;
    private final ZoneId zone;

    History(Catalogue catalogue, ZoneId zone) {
        this.catalogue = catalogue;
        this.zone = zone;
    }

    Day of(LocalDate day) {
        List<Posting> postings = new ArrayList<>();
        int sessions = 0;
        List<Listener> listeners = catalogue.listeners();
        for (int u = 0; u < listeners.size(); u++) {
            Listener listener = listeners.get(u);
            Random random = new Random(day.toEpochDay() * 7_919L + u);
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            int count = poisson(listener.sessionsPerDay() * (weekend ? 1.4 : 1.0), random);
            for (int k = 0; k < count; k++) {
                var start = day.atTime(Catalogue.weighted(HOURS, random), random.nextInt(60), random.nextInt(60)).atZone(zone).toInstant();
                Plan plan = SessionScript.plan(random);
                if (plan.ending() == SessionScript.Ending.ABANDONED) {
                    // an abandoned session stays open until the plugin's idle timeout, by the wall clock:
                    // in history it would count as playing now, so past sessions all stop
                    plan = new Plan(SessionScript.Ending.STOPPED_EARLY, plan.pauses(), false);
                }
                String id = "history/" + day + "/" + listener.name() + "/" + k;
                SessionScript script = SessionScript.write(Catalogue.id(id), catalogue.pick(listener, random), start, 0,
                        plan, PROGRESS_EVERY, random, false);
                postings.addAll(script.postings());
                sessions++;
                if (plan.continuedLater()) {
                    postings.addAll(script.continuedLater(Catalogue.id(id + "/later"),
                            Duration.ofMinutes(5 + random.nextInt(40)), random).postings());
                    sessions++;
                }
            }
        }
        Random random = new Random(day.toEpochDay());
        List<Library> libraries = catalogue.libraries();
        for (int i = 0; i < libraries.size(); i++) {
            postings.add(Scans.scan(libraries.get(i), day, day.atTime(4, 5 * i).atZone(zone).toInstant(), random, false));
        }
        return new Day(postings, sessions);
    }

    /** Knuth's method; fine for the small means used here. */
    static int poisson(double mean, Random random) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
