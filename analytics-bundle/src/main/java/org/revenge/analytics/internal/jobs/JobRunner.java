package org.revenge.analytics.internal.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.internal.store.PeriodState;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.store.YearMapper;
import org.revenge.analytics.internal.service.YearReviews;
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
 * <li>{@value #AGGREGATE}: checks one finished day (configured zone) of the per-media and per-user
 *     daily tables against the raw plays, once the aggregation schedule has fired after the day's
 *     end. The writer keeps those tables exact as plays arrive, so this normally writes nothing; it
 *     repairs what came another way (an import, a changed time zone) and carries the repair into
 *     the ranking periods.</li>
 * <li>{@value #COMPACT}: rewrites the raw partition of a UTC day that ended over a day ago in key
 *     order, once, after the aggregation schedule: its rows and key then take the least room.</li>
 * <li>{@value #PERIODS}: moves the ranking periods' sums on to end yesterday, as soon as a day has
 *     ended: adds the new day, takes away the day that left each period.</li>
 * <li>{@value #CLEANUP}: applies retention: drops whole raw partitions, deletes old rollup rows.</li>
 * </ul>
 */
// immediate: it provides itself (to the admin service, which wakes it) but must run whether or not anyone uses it
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = JobRunner.class, immediate = true)
public final class JobRunner {

    public static final String PARTITIONS = "analytics.partitions";
    public static final String AGGREGATE = "analytics.aggregate_daily";
    public static final String CLEANUP = "analytics.cleanup";
    public static final String PERIODS = "analytics.rollup_periods";
    public static final String COMPACT = "analytics.compact";

    /** Every kind, in the order the admin service lists them. */
    public static final List<String> KINDS = List.of(AGGREGATE, PERIODS, CLEANUP, COMPACT, PARTITIONS);

    /** A period further behind than this is summed again from its days rather than moved on day by day. */
    private static final int MOST_DAYS_TO_SHIFT = 31;

    /**
     * What a run did: the rows it wrote, changed or removed, and the same in words, both kept in
     * the job table for the job history.
     */
    public record Outcome(long rows, String summary) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration TICK = Duration.ofSeconds(30);
    private static final Duration LOCK = Duration.ofMinutes(30);
    private static final int PARTITIONS_AHEAD_DAYS = 7;

    private final AnalyticsStore store;
    private final PartitionChanges partitionChanges;
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
        this(store, settings, clock, node, PartitionChanges.defaultPauses());
    }

    /**
     * @param ddlPauses the pauses between attempts of a partition change that readers held up
     */
    public JobRunner(AnalyticsStore store, Settings settings, Clock clock, String node, List<Duration> ddlPauses) {
        this.store = store;
        this.partitionChanges = new PartitionChanges(store, ddlPauses);
        this.settings = settings;
        this.clock = clock;
        this.node = node;
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
     * due again. Then wakes the runner, which takes it within moments.
     *
     * @param kind one of {@link #KINDS}
     * @return the queued run
     * @throws IllegalArgumentException if the kind is unknown
     */
    public JobRun runNow(String kind) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, settings.zone());
        LocalDate utcToday = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String[] runKey = {switch (kind) {
            case PARTITIONS -> utcToday.toString();
            case AGGREGATE, PERIODS -> today.minusDays(1).toString();
            case CLEANUP -> today.toString();
            case COMPACT -> utcToday.minusDays(2).toString();
            default -> throw new IllegalArgumentException("unknown job kind " + kind);
        }};
        JobRun run = store.write("queue a run of " + kind, JobMapper.class, jobs -> {
            jobs.enqueue(kind, runKey, now);
            jobs.reopen(kind, runKey, now);
            jobs.dueNow(kind, runKey[0], now);
            return jobs.find(kind, runKey[0]);
        });
        LOG.info("Analytics job {} for {} was asked for; it runs within moments", kind, runKey[0]);
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
        LocalDate yesterday = local.toLocalDate().minusDays(1);
        store.write("add the ranking-period job", JobMapper.class,
                jobs -> jobs.enqueue(PERIODS, new String[] {yesterday.toString()}, now));

        LocalDate first = store.read("find the first day with plays", RollupMapper.class, RollupMapper::firstRawDay);
        if (first == null) {
            return;
        }
        LocalDate oldest = current.retention().rawDays() == 0 ? first
                : later(first, local.toLocalDate().minusDays(current.retention().rawDays()));
        List<String> closedPartitions = new ArrayList<>();
        for (LocalDate day = oldest; day.isBefore(LocalDate.ofInstant(lastFire.toInstant(), ZoneOffset.UTC).minusDays(1));
                day = day.plusDays(1)) {
            closedPartitions.add(day.toString());
        }
        if (!closedPartitions.isEmpty()) {
            store.write("add the compaction jobs", JobMapper.class,
                    jobs -> jobs.enqueue(COMPACT, closedPartitions.toArray(String[]::new), lastFire.toInstant()));
        }
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
            Outcome outcome = switch (run.kind()) {
                case PARTITIONS -> partitions(LocalDate.parse(run.runKey()));
                case AGGREGATE -> aggregate(LocalDate.parse(run.runKey()), current);
                case CLEANUP -> cleanup(LocalDate.parse(run.runKey()), current);
                case PERIODS -> periods(LocalDate.parse(run.runKey()));
                case COMPACT -> compact(LocalDate.parse(run.runKey()));
                default -> throw new IllegalStateException("unknown job kind " + run.kind());
            };
            store.write("mark the job done", JobMapper.class,
                    jobs -> jobs.complete(run.kind(), run.runKey(), node, outcome.rows(), outcome.summary()));
            LOG.info("Analytics job {} for {} done in {} ms: {}", run.kind(), run.runKey(),
                    (System.nanoTime() - started) / 1_000_000, outcome.summary());
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

    private Outcome partitions(LocalDate from) {
        int created = 0;
        for (int i = 0; i <= PARTITIONS_AHEAD_DAYS; i++) {
            LocalDate day = from.plusDays(i);
            if (partitionChanges.create(day)) {
                created++;
            }
        }
        return new Outcome(created, created + " partitions created");
    }

    /** Checks one day's rollups against the raw plays; rows that did not change are not written. */
    public Outcome aggregate(LocalDate day, Settings current) {
        Instant from = day.atStartOfDay(current.zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(current.zone()).toInstant();
        int[] changed = store.write("aggregate " + day, RollupMapper.class, rollups -> {
            rollups.limitLockWait();
            rollups.lockRollups();
            int media = rollups.reconcileMedia(day, from, to);
            if (media > 0) {
                PeriodState.SPANS.forEach(rollups::pruneEmptyPeriodRows);
                // the writer moves the last-played days in the same statement as the daily rows, so
                // they can only be behind where the daily rows were
                rollups.aggregateRecency(day, from, to);
                rollups.periodStates().forEach(state -> rollups.recountPeriodUsers(state.spanDays(), state.firstDay()));
            }
            int users = rollups.aggregateUsers(day, from, to) + rollups.pruneUsers(day, from, to);
            int breakdown = rollups.reconcileBreakdown(day, from, to, current.zone().getId())
                    + rollups.aggregateUserClients(day, from, to);
            return new int[] {media, users, breakdown};
        });
        // the finished day goes into the summaries of those who keep their year, long before its raw plays expire
        if (day.isBefore(LocalDate.ofInstant(clock.instant(), current.zone()))) {
            store.write("count " + day + " into the kept years", YearMapper.class,
                    years -> YearReviews.countInto(years, day, current.zone(), null));
        }
        if (changed[0] + changed[1] + changed[2] > 0) {
            LOG.warn("Analytics repaired the rollups of {} from the raw plays: {} media rows, {} user rows and {} "
                    + "breakdown rows differed (expected after an import or a change of time zone)",
                    day, changed[0], changed[1], changed[2]);
        }
        return new Outcome(changed[0] + changed[1] + changed[2], changed[0] + " media rows, " + changed[1]
                + " user rows and " + changed[2] + " breakdown rows repaired");
    }

    /**
     * Moves every ranking period on so that it ends on {@code asOf}: a period a few days behind
     * gains the new days and loses those that left it; one further behind, or new, is summed
     * again from the daily rows. The all-time sums only ever gain days, so they keep what the
     * daily rows' retention has removed.
     */
    public Outcome periods(LocalDate asOf) {
        return store.write("move the ranking periods on to " + asOf, RollupMapper.class, rollups -> {
            rollups.limitLockWait();
            rollups.lockRollups();
            Map<Integer, LocalDate> built = new HashMap<>();
            rollups.periodStates().forEach(state -> built.put(state.spanDays(), state.asOf()));
            List<String> done = new ArrayList<>();
            long rows = 0;
            for (int span : PeriodState.SPANS) {
                LocalDate previous = built.get(span);
                if (previous != null && !previous.isBefore(asOf)) {
                    continue;
                }
                PeriodState target = new PeriodState(span, asOf);
                boolean shift = previous != null && (span == 0 || !previous.plusDays(MOST_DAYS_TO_SHIFT).isBefore(asOf));
                if (shift) {
                    rows += rollups.shiftPeriod(span, previous.plusDays(1), asOf, 1);
                    if (span > 0) {
                        rows += rollups.shiftPeriod(span, new PeriodState(span, previous).firstDay(),
                                target.firstDay().minusDays(1), -1);
                        rows += rollups.pruneEmptyPeriodRows(span);
                    }
                } else {
                    rows += rollups.clearPeriod(span);
                    rows += rollups.shiftPeriod(span, span == 0 ? LocalDate.of(1970, 1, 1) : target.firstDay(), asOf, 1);
                }
                rows += rollups.recountPeriodUsers(span, target.firstDay());
                rollups.savePeriodState(span, asOf);
                done.add((span == 0 ? "all time" : span + " days") + (shift ? " moved on" : " summed"));
            }
            return new Outcome(rows, done.isEmpty() ? "already up to date" : String.join(", ", done));
        });
    }

    /** Rewrites the raw partition of a finished UTC day in key order. */
    public Outcome compact(LocalDate utcDay) {
        Long plays = store.write("compact the raw plays of " + utcDay, RollupMapper.class, rollups -> rollups.compactRaw(utcDay));
        return plays == null ? new Outcome(0, "no partition for that day")
                : new Outcome(plays, "partition of " + plays + " plays rewritten");
    }

    /**
     * Drops the last-played days older than the daily rollups' retention, and counts the ranking
     * periods' distinct users again if any went (under the writers' lock, like the other changes
     * of the periods).
     */
    private static int forgetOldListeners(RollupMapper rollups, LocalDate before) {
        rollups.limitLockWait();
        rollups.lockRollups();
        int forgotten = rollups.deleteRecencyBefore(before);
        if (forgotten > 0) {
            rollups.periodStates().forEach(state -> rollups.recountPeriodUsers(state.spanDays(), state.firstDay()));
        }
        return forgotten;
    }

    private Outcome cleanup(LocalDate today, Settings current) {
        Settings.Retention keep = current.retention();
        int dropped = keep.rawDays() == 0 ? 0
                : partitionChanges.dropBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(keep.rawDays()));
        int[] removed = store.write("apply retention", RollupMapper.class, rollups -> new int[] {
            dropped,
            keep.userActivityDays() == 0 ? 0 : rollups.deleteUserActivityBefore(today.minusDays(keep.userActivityDays())),
            keep.dailyAggregateDays() == 0 ? 0 : rollups.deleteMediaStatsBefore(today.minusDays(keep.dailyAggregateDays()))
                    + forgetOldListeners(rollups, today.minusDays(keep.dailyAggregateDays())),
            keep.systemMetricsDays() == 0 ? 0
                    : rollups.deleteSystemMetricsBefore(clock.instant().minus(Duration.ofDays(keep.systemMetricsDays())))});
        return new Outcome(removed[1] + removed[2] + removed[3], removed[0] + " raw partitions dropped, " + removed[1]
                + " user-activity rows, " + removed[2] + " media rows and " + removed[3] + " metric rows removed");
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }
}
