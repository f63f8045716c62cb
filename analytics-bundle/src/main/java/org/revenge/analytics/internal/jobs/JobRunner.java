package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.ConfigurationException;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled jobs, run from a PostgreSQL job table in the way of the design card's River jobs.
 * Every tick it adds the runs that are due (one per kind and day, so a run exists once however many
 * nodes share the database; missed days after downtime are all added), then claims due runs one at
 * a time with {@code FOR UPDATE SKIP LOCKED} and runs them. A failed run is retried with backoff,
 * up to its attempt limit. Jobs pause while analytics is disabled.
 * <ul>
 * <li>{@value #PARTITIONS}: creates the raw-play partitions of today and the next week (UTC).</li>
 * <li>{@value #AGGREGATE}: rolls one finished day (configured zone) up into the per-media and
 *     per-user daily tables, once the aggregation schedule has fired after the day's end.</li>
 * <li>{@value #CLEANUP}: applies retention: drops whole raw partitions, deletes old rollup rows.</li>
 * </ul>
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class JobRunner {

    public static final String PARTITIONS = "analytics.partitions";
    public static final String AGGREGATE = "analytics.aggregate_daily";
    public static final String CLEANUP = "analytics.cleanup";

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration TICK = Duration.ofSeconds(30);
    private static final Duration LOCK = Duration.ofMinutes(30);
    private static final int PARTITIONS_AHEAD_DAYS = 7;

    private final AnalyticsStore store;
    private final Clock clock;
    private final String node;
    private final ScheduledExecutorService worker;
    private volatile Settings settings;

    @Activate
    public JobRunner(@Reference AnalyticsStore store, AnalyticsConfiguration config, BundleContext context) {
        this(store, Settings.from(config), Clock.systemUTC(),
                context.getProperty(Constants.FRAMEWORK_UUID) + "/" + UUID.randomUUID().toString().substring(0, 8));
        worker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * @param node a name for this runner in the job table: unique per runner, never an address
     */
    public JobRunner(AnalyticsStore store, Settings settings, Clock clock, String node) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.node = node;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "analytics-jobs"));
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        try {
            settings = Settings.from(config);
        } catch (ConfigurationException e) {
            // reported by the schema migrator, which stops the plugin
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (StorageUnavailableException e) {
            LOG.warn("Analytics jobs wait for the database: {}", Failures.rootMessage(e));
        } catch (RuntimeException e) {
            LOG.error("Analytics jobs failed to run; they try again in {} s", TICK.toSeconds(), e);
        }
    }

    /**
     * Adds the due runs and runs every one that this node can claim.
     *
     * @return the runs this node ran, in order
     */
    public List<JobRun> tick() {
        Settings current = settings;
        if (!current.enabled()) {
            return List.of();
        }
        enqueueDue(current);
        List<JobRun> ran = new ArrayList<>();
        JobRun run;
        while ((run = claim()) != null) {
            execute(run, current);
            ran.add(run);
        }
        return ran;
    }

    private void enqueueDue(Settings current) {
        Instant now = clock.instant();
        ZonedDateTime local = now.atZone(current.zone());
        LocalDate utcToday = LocalDate.ofInstant(now, ZoneOffset.UTC);
        store.write("add the partition job", JobMapper.class,
                jobs -> jobs.enqueue(PARTITIONS, new String[] {utcToday.toString()}, now));

        ZonedDateTime lastFire = current.schedule().previous(local);
        store.write("add the cleanup job", JobMapper.class,
                jobs -> jobs.enqueue(CLEANUP, new String[] {lastFire.toLocalDate().toString()}, lastFire.toInstant()));

        LocalDate first = store.read("find the first day with plays", RollupMapper.class, RollupMapper::firstRawDay);
        if (first == null) {
            return;
        }
        LocalDate oldest = current.retention().rawDays() == 0 ? first
                : later(first, local.toLocalDate().minusDays(current.retention().rawDays()));
        List<String> days = new ArrayList<>();
        for (LocalDate day = oldest; day.isBefore(local.toLocalDate()); day = day.plusDays(1)) {
            ZonedDateTime dayEnd = day.plusDays(1).atStartOfDay(current.zone());
            if (!current.schedule().next(dayEnd.minusMinutes(1)).isAfter(local)) {
                days.add(day.toString());
            }
        }
        if (!days.isEmpty()) {
            store.write("add the aggregation jobs", JobMapper.class, jobs -> jobs.enqueue(AGGREGATE, days.toArray(String[]::new), now));
        }
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private JobRun claim() {
        Instant now = clock.instant();
        return store.write("claim a due job", JobMapper.class, jobs -> {
            jobs.failAbandoned(now);
            return jobs.claim(node, now, now.plus(LOCK));
        });
    }

    private void execute(JobRun run, Settings current) {
        long started = System.nanoTime();
        try {
            String outcome = switch (run.kind()) {
                case PARTITIONS -> partitions(LocalDate.parse(run.runKey()));
                case AGGREGATE -> aggregate(LocalDate.parse(run.runKey()), current);
                case CLEANUP -> cleanup(LocalDate.parse(run.runKey()), current);
                default -> throw new IllegalStateException("unknown job kind " + run.kind());
            };
            store.write("mark the job done", JobMapper.class, jobs -> jobs.complete(run.kind(), run.runKey(), node));
            LOG.info("Analytics job {} for {} done in {} ms: {}", run.kind(), run.runKey(),
                    (System.nanoTime() - started) / 1_000_000, outcome);
        } catch (RuntimeException e) {
            Duration backoff = Duration.ofMinutes(Math.min(60, 1L << Math.min(6, run.attempt())));
            String error = Failures.rootMessage(e);
            try {
                store.write("record the job failure", JobMapper.class,
                        jobs -> jobs.fail(run.kind(), run.runKey(), node, error, clock.instant().plus(backoff)));
            } catch (StorageUnavailableException lost) {
                // the lock expires and another tick takes the run again
            }
            LOG.warn("Analytics job {} for {} failed (attempt {}): {}; it is tried again in {} min unless that was "
                    + "its last attempt", run.kind(), run.runKey(), run.attempt(), error, backoff.toMinutes());
        }
    }

    private String partitions(LocalDate from) {
        int created = 0;
        for (int i = 0; i <= PARTITIONS_AHEAD_DAYS; i++) {
            LocalDate day = from.plusDays(i);
            if (store.write("create the partition of " + day, PlaybackMapper.class, plays -> plays.ensurePartition(day))) {
                created++;
            }
        }
        return created + " partitions created";
    }

    /** Rolls one day up; rows that did not change are not written. */
    public String aggregate(LocalDate day, Settings current) {
        Instant from = day.atStartOfDay(current.zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(current.zone()).toInstant();
        int[] changed = store.write("aggregate " + day, RollupMapper.class, rollups -> new int[] {
            rollups.aggregateMedia(day, from, to) + rollups.pruneMedia(day, from, to),
            rollups.aggregateUsers(day, from, to) + rollups.pruneUsers(day, from, to)});
        return changed[0] + " media rows and " + changed[1] + " user rows changed";
    }

    private String cleanup(LocalDate today, Settings current) {
        Settings.Retention keep = current.retention();
        int[] removed = store.write("apply retention", RollupMapper.class, rollups -> new int[] {
            keep.rawDays() == 0 ? 0 : rollups.dropRawBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                    .minusDays(keep.rawDays())),
            keep.userActivityDays() == 0 ? 0 : rollups.deleteUserActivityBefore(today.minusDays(keep.userActivityDays())),
            keep.dailyAggregateDays() == 0 ? 0 : rollups.deleteMediaStatsBefore(today.minusDays(keep.dailyAggregateDays())),
            keep.systemMetricsDays() == 0 ? 0
                    : rollups.deleteSystemMetricsBefore(clock.instant().minus(Duration.ofDays(keep.systemMetricsDays())))});
        return removed[0] + " raw partitions dropped, " + removed[1] + " user-activity rows, " + removed[2]
                + " media rows and " + removed[3] + " metric rows removed";
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }
}
