package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of the jobs, run from a PostgreSQL job table in the way of the design card's River
 * jobs. Every tick it asks each {@link Job} which runs are due and adds them to the {@link JobQueue}
 * (one run per kind and day, so a run exists once however many nodes share the database; missed
 * days after downtime are all added), then claims due runs one at a time and hands each to its job.
 * A failed run is retried with backoff, up to its attempt limit. Jobs pause while analytics is
 * disabled. While recording is behind (its oldest unwritten event older than {@link #RECORDING_BEHIND}:
 * a journal replayed after an outage, a burst), the jobs that would hold the writer up
 * ({@link Job#yieldsToRecording()}) wait, for {@link #YIELD_AT_MOST} at most. The jobs, one class each:
 * <ul>
 * <li>{@value #PARTITIONS}: {@link PartitionsJob}, the raw-play partitions ahead;</li>
 * <li>{@value #AGGREGATE}: {@link RollupCheckJob}, a finished day's rollups checked against its raw
 *     plays and repaired;</li>
 * <li>{@value #PERIODS}: {@link RankingPeriodsJob}, the ranking periods moved on to yesterday;</li>
 * <li>{@value #COMPACT}: {@link CompactionJob}, a finished UTC day's raw partition rewritten in key order;</li>
 * <li>{@value #CLEANUP}: {@link RetentionJob}, retention applied;</li>
 * <li>{@value #TRENDING}: {@link TrendingJob}, every library's trending items counted, every few minutes;</li>
 * <li>{@value #PEAKS}: {@link PeakStreamsJob}, today's peak of concurrent plays, every few minutes;</li>
 * <li>{@value #ACTIVE_USERS}: {@link ActiveUsersJob}, the active users of the last hour and day, every few minutes.</li>
 * </ul>
 */
// immediate: it provides itself (to the admin service, which wakes it) but must run whether or not anyone uses it
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = JobRunner.class, immediate = true)
public final class JobRunner {

    public static final String PARTITIONS = PartitionsJob.KIND;
    public static final String AGGREGATE = RollupCheckJob.KIND;
    public static final String CLEANUP = RetentionJob.KIND;
    public static final String PERIODS = RankingPeriodsJob.KIND;
    public static final String COMPACT = CompactionJob.KIND;
    public static final String TRENDING = TrendingJob.KIND;
    public static final String PEAKS = PeakStreamsJob.KIND;
    public static final String ACTIVE_USERS = ActiveUsersJob.KIND;

    /** Every kind, in the order the admin service lists them. */
    public static final List<String> KINDS = List.of(AGGREGATE, PERIODS, CLEANUP, COMPACT, PARTITIONS, TRENDING, PEAKS,
            ACTIVE_USERS);

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration TICK = Duration.ofSeconds(30);
    private static final Duration LOCK = Duration.ofMinutes(30);
    /** Recording is behind when its oldest unwritten event is older than this. */
    static final Duration RECORDING_BEHIND = Duration.ofSeconds(10);
    /** How long the jobs that hold the writer up wait for recording to catch up, at most; then they run. */
    static final Duration YIELD_AT_MOST = Duration.ofMinutes(15);

    private final JobQueue queue;
    private final RollupCheckJob rollupCheck;
    private final RankingPeriodsJob rankingPeriods;
    private final CompactionJob compaction;
    private final TrendingJob trending;
    private final PeakStreamsJob peaks;
    private final ActiveUsersJob activeUsers;
    /** Every job by its kind, in the order they are asked what is due. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Clock clock;
    private final Supplier<Duration> recordingLag;
    private final ScheduledExecutorService worker;
    private volatile Settings settings;
    /** Since when the yielding jobs wait for recording to catch up; null while they do not. */
    private Instant yieldingSince;
    /** Whether they waited {@link #YIELD_AT_MOST} and run all the same. */
    private boolean yieldEnded;

    @Activate
    public JobRunner(@Reference AnalyticsStore store, @Reference IngestPipeline recording, AnalyticsConfiguration config,
            BundleContext context) {
        this(store, Settings.from(config), Clock.systemUTC(),
                context.getProperty(Constants.FRAMEWORK_UUID) + "/" + UUID.randomUUID().toString().substring(0, 8),
                PartitionChanges.defaultPauses(), recording::writeLag);
        worker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * A runner outside a framework (tests, the benchmark), with recording never behind. A factory, not
     * a constructor: Declarative Services picks the constructor by its number of arguments, and the
     * activate constructor's four must be the only public four.
     *
     * @param node a name for this runner in the job table: unique per runner, never an address
     */
    public static JobRunner standalone(AnalyticsStore store, Settings settings, Clock clock, String node) {
        return new JobRunner(store, settings, clock, node, PartitionChanges.defaultPauses(), () -> Duration.ZERO);
    }

    /**
     * @param ddlPauses    the pauses between attempts of a partition change that readers held up
     * @param recordingLag how far recording is behind: the age of its oldest unwritten event
     */
    public JobRunner(AnalyticsStore store, Settings settings, Clock clock, String node, List<Duration> ddlPauses,
            Supplier<Duration> recordingLag) {
        PartitionChanges partitionChanges = new PartitionChanges(store, ddlPauses);
        this.queue = new JobQueue(store, node);
        this.rollupCheck = new RollupCheckJob(store, clock);
        this.rankingPeriods = new RankingPeriodsJob(store);
        this.compaction = new CompactionJob(store);
        this.trending = new TrendingJob(store, clock);
        this.peaks = new PeakStreamsJob(store, clock);
        this.activeUsers = new ActiveUsersJob(store, clock);
        for (Job job : List.of(new PartitionsJob(partitionChanges), new RetentionJob(store, partitionChanges, clock), rankingPeriods,
                compaction, rollupCheck, trending, peaks, activeUsers)) {
            jobs.put(job.kind(), job);
        }
        this.settings = settings;
        this.clock = clock;
        this.recordingLag = recordingLag;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "analytics-jobs"));
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        Settings.ofChange(config).ifPresent(changed -> {
            boolean wasEnabled = settings.enabled();
            settings = changed;
            if (changed.enabled() != wasEnabled) {
                LOG.info(changed.enabled() ? "Analytics jobs resume" : "Analytics jobs pause while analytics is disabled");
                wake();
            }
        });
    }

    /**
     * Queues a run of a kind, due now, for what it would do next: the partitions from today (UTC),
     * the check of yesterday (configured zone), the ranking periods ending yesterday, retention as
     * of today, the compaction of the UTC day before yesterday. A run that exists already is made
     * due again (the trending items: the current slot of a few minutes). Then wakes the runner, which takes it within moments.
     *
     * @param kind one of {@link #KINDS}
     * @return the queued run
     * @throws IllegalArgumentException if the kind is unknown
     */
    public JobRun runNow(String kind) {
        Job job = jobs.get(kind);
        if (job == null) {
            throw new IllegalArgumentException("unknown job kind " + kind);
        }
        Instant now = clock.instant();
        String runKey = job.runKeyNow(Job.Now.of(now, settings));
        JobRun run = queue.dueNow(kind, runKey, now);
        LOG.info("Analytics job {} for {} was asked for; it runs within moments", kind, runKey);
        wake();
        return run;
    }

    /** Runs a tick now rather than at the next one (on the runner's own thread, so never two at once). */
    public void wake() {
        if (!worker.isShutdown()) {
            worker.execute(this::tickSafely);
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
        Job.Now now = Job.Now.of(clock.instant(), current);
        jobs.values().forEach(job -> queue.add(job.kind(), job.due(now)));
        List<JobRun> ran = new ArrayList<>();
        JobRun run;
        while ((run = queue.claim(clock.instant(), LOCK, waiting())) != null) {
            execute(run, current);
            ran.add(run);
        }
        return ran;
    }

    /**
     * @return the kinds that wait now: those that hold the writer up, while recording is behind and
     *         has not been waited for {@link #YIELD_AT_MOST} yet
     */
    private Set<String> waiting() {
        Duration lag = recordingLag.get();
        if (lag.compareTo(RECORDING_BEHIND) <= 0) {
            if (yieldingSince != null) {
                LOG.info("Analytics recording has caught up; the jobs that waited for it run now");
                yieldingSince = null;
                yieldEnded = false;
            }
            return Set.of();
        }
        Instant now = clock.instant();
        Set<String> waiting = new TreeSet<>();
        jobs.values().stream().filter(Job::yieldsToRecording).forEach(job -> waiting.add(job.kind()));
        if (yieldingSince == null) {
            yieldingSince = now;
            LOG.info("Analytics recording is {} s behind: jobs {} wait until it has caught up, {} min at most",
                    lag.toSeconds(), String.join(", ", waiting), YIELD_AT_MOST.toMinutes());
        }
        if (Duration.between(yieldingSince, now).compareTo(YIELD_AT_MOST) >= 0) {
            if (!yieldEnded) {
                yieldEnded = true;
                LOG.warn("Analytics recording is still {} s behind after {} min: jobs {} run now all the same",
                        lag.toSeconds(), YIELD_AT_MOST.toMinutes(), String.join(", ", waiting));
            }
            return Set.of();
        }
        return waiting;
    }

    private void execute(JobRun run, Settings current) {
        long started = System.nanoTime();
        try {
            Job job = jobs.get(run.kind());
            if (job == null) {
                throw new IllegalStateException("unknown job kind " + run.kind());
            }
            Job.Outcome outcome = job.run(run.runKey(), current);
            queue.complete(run, outcome);
            LOG.info("Analytics job {} for {} done in {} ms: {}", run.kind(), run.runKey(),
                    (System.nanoTime() - started) / 1_000_000, outcome.summary());
        } catch (RuntimeException e) {
            Duration backoff = Duration.ofMinutes(Math.min(60, 1L << Math.min(6, run.attempt())));
            String error = Failures.rootMessage(e);
            try {
                queue.fail(run, error, clock.instant().plus(backoff));
            } catch (StorageUnavailableException lost) {
                // the lock expires and another tick takes the run again
            }
            LOG.warn("Analytics job {} for {} failed (attempt {}): {}; it is tried again in {} min unless that was "
                    + "its last attempt", run.kind(), run.runKey(), run.attempt(), error, backoff.toMinutes());
        }
    }

    // ---- one job's work on the caller's thread, outside the queue: for the tests and the benchmark ----

    /** {@link RollupCheckJob}: checks one day's rollups against the raw plays. */
    public Job.Outcome aggregate(LocalDate day, Settings current) {
        return rollupCheck.check(day, current);
    }

    /** {@link RankingPeriodsJob}: moves every ranking period on so that it ends on {@code asOf}. */
    public Job.Outcome periods(LocalDate asOf) {
        return rankingPeriods.moveOn(asOf);
    }

    /** {@link CompactionJob}: rewrites the raw partition of a finished UTC day in key order. */
    public Job.Outcome compact(LocalDate utcDay) {
        return compaction.compact(utcDay);
    }

    /** {@link TrendingJob}: counts every library's trending items as of now. */
    public Job.Outcome trending() {
        return trending.count(settings);
    }

    /** {@link PeakStreamsJob}: counts today's peak as of now. */
    public Job.Outcome peakStreams() {
        return peaks.count(settings);
    }

    /** {@link ActiveUsersJob}: counts the active users of the last hour and day as of now. */
    public Job.Outcome activeUsers() {
        return activeUsers.count(settings);
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }
}
