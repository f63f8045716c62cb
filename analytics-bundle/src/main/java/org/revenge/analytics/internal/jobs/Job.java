package org.revenge.analytics.internal.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.revenge.analytics.internal.config.Settings;

/**
 * One kind of scheduled work. The {@link JobRunner} asks each job every tick which runs are due,
 * adds them to the {@link JobQueue} (a run exists once per kind and run key, however many nodes
 * share the database), claims due runs and hands each to its job. A job holds no schedule state
 * of its own: what is due follows from the clock, the settings and the database.
 */
public interface Job {

    /** @return the kind, as the job table, the admin service and the shell name it */
    String kind();

    /**
     * @return the runs due by {@code now}, or {@link Due#NONE}; a run already in the queue, in
     *         whatever state, is left alone
     */
    Due due(Now now);

    /**
     * @return whether this job's runs wait while recording is behind: true for a job that locks the
     *         tables the writer adds to, or rewrites the raw partitions it writes into. Such a run,
     *         after an outage or during a large backlog, would hold the writer up to check or reorder
     *         days that are still being written, and have to be done again
     */
    default boolean yieldsToRecording() {
        return false;
    }

    /** @return the run key of the run an admin asks for now ({@code analytics:run-job}) */
    String runKeyNow(Now now);

    /**
     * Does the work of one run.
     *
     * @param runKey   the run's key (a day, for every kind today)
     * @param settings the settings as they are now
     * @return what it did, kept in the job table
     * @throws RuntimeException when the run failed; the runner records it and retries with backoff
     */
    Outcome run(String runKey, Settings settings);

    /**
     * What a run did: the rows it wrote, changed or removed, and the same in words, both kept in
     * the job table for the job history.
     */
    record Outcome(long rows, String summary) {
    }

    /** Runs due at one instant. */
    record Due(List<String> runKeys, Instant at) {

        static final Due NONE = new Due(List.of(), Instant.EPOCH);

        public Due {
            runKeys = List.copyOf(runKeys);
        }
    }

    /**
     * The instants a tick reasons about, read once per tick: now, now in the configured zone, the
     * UTC day (raw partitions are UTC days), and when the aggregation schedule last fired.
     */
    record Now(Instant instant, ZonedDateTime local, LocalDate utcToday, ZonedDateTime lastFire, Settings settings) {

        static Now of(Instant instant, Settings settings) {
            ZonedDateTime local = instant.atZone(settings.zone());
            return new Now(instant, local, LocalDate.ofInstant(instant, ZoneOffset.UTC), settings.schedule().previous(local), settings);
        }

        LocalDate today() {
            return local.toLocalDate();
        }

        /** The first day whose raw plays are still kept, given the first day that has any. */
        LocalDate oldestKept(LocalDate firstRawDay) {
            int days = settings.retention().rawDays();
            if (days == 0) {
                return firstRawDay;
            }
            LocalDate retained = today().minusDays(days);
            return firstRawDay.isAfter(retained) ? firstRawDay : retained;
        }
    }
}
