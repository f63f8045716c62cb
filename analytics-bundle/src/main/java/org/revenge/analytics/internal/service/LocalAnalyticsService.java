package org.revenge.analytics.internal.service;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.ingest.PlaybackRules;
import org.revenge.analytics.internal.ingest.Signal;
import org.revenge.analytics.internal.jobs.ActiveUsersJob;
import org.revenge.analytics.internal.jobs.PeakStreamsJob;
import org.revenge.analytics.internal.jobs.TrendingJob;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.BreakdownMapper;
import org.revenge.analytics.internal.store.DailyUsersMapper;
import org.revenge.analytics.internal.store.ItemMapper;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.internal.store.LibraryMapper;
import org.revenge.analytics.internal.store.LibrarySnapshot;
import org.revenge.analytics.internal.store.PeakStreamsMapper;
import org.revenge.analytics.internal.store.PeriodState;
import org.revenge.analytics.internal.store.PlayMethodMapper;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.PrivacyMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.store.SystemMapper;
import org.revenge.analytics.internal.store.SystemTotals;
import org.revenge.analytics.internal.store.UserDayRow;
import org.revenge.analytics.internal.store.UserItemMapper;
import org.revenge.analytics.internal.store.YearMapper;
import org.revenge.analytics.internal.util.Arguments;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.DailyUsers;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.ItemActivity;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.JvmStats;
import org.revenge.analytics.spi.LibraryDay;
import org.revenge.analytics.spi.LibraryGrowth;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.Measure;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MetricHour;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethodShare;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.spi.UserStats;
import org.revenge.analytics.spi.WeekdayHour;
import org.revenge.analytics.spi.YearInReview;

/**
 * The {@link AnalyticsService} over PostgreSQL. It is registered only once the schema is
 * migrated, because it requires the {@link AnalyticsStore}, which requires the migrated database.
 * Every read here answers a question and feeds no write, so all go through the store's queries,
 * which read the read replica when one is configured; a user's own ({@link AnalyticsStore#queryAbout})
 * read the primary until the replica has their latest privacy change.
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LocalAnalyticsService implements AnalyticsService {

    /** Look-backs of the library growth figures, in days. */
    private static final int[] GROWTH_DAYS = {7, 30, 365};

    /** Plays looked through at most for a user's recently watched items: a heavy user's quarter. */
    private static final int RECENT_SCAN_LIMIT = 100_000;

    /**
     * The days the server's breakdowns are read for at least when the heat map asks for fewer: the
     * console page's client types and completion rates, whose read its heat map of 28 days shares.
     */
    private static final Duration SHARED_BREAKDOWN_DAYS = Duration.ofDays(30);

    /** The longest by-day series: a little over a year of bars. */
    private static final Duration MAX_DAILY_SERIES = Duration.ofDays(400);

    /** A play cannot last longer than a day, so an open play older than that is not "now". */
    private static final Duration LONGEST_PLAY = Duration.ofSeconds(PlaybackEvent.MAX_DURATION_SEC);

    private final AnalyticsStore store;
    private final IngestPipeline pipeline;
    private final Clock clock;
    private final ActiveUsersReader activeUsers = new ActiveUsersReader();
    /** Replaced as a pair when the configuration changes; the service stays registered meanwhile. */
    private volatile Settings settings;
    private volatile PlaybackRules rules;

    @Activate
    public LocalAnalyticsService(@Reference AnalyticsStore store, @Reference IngestPipeline pipeline,
            AnalyticsConfiguration config) {
        this(store, pipeline, Settings.from(config), Clock.systemUTC());
    }

    /** For use outside a framework (tests, the benchmark). */
    public LocalAnalyticsService(AnalyticsStore store, IngestPipeline pipeline, Settings settings, Clock clock) {
        this.store = store;
        this.pipeline = pipeline;
        this.settings = settings;
        this.clock = clock;
        this.rules = new PlaybackRules(clock, settings.rawRetention(), settings.clockSkew());
    }

    /** Takes a new configuration without re-registering, so callers never see the service go away. */
    @Modified
    void modified(AnalyticsConfiguration config) {
        Settings.ofChange(config).ifPresent(changed -> {
            rules = new PlaybackRules(clock, changed.rawRetention(), changed.clockSkew());
            settings = changed;
        });
    }

    /** Validates, then takes the same journaled, idempotent path as host events; written within moments. */
    @Override
    public void recordPlayback(PlaybackEvent event) {
        requireEnabled("recordPlayback");
        handOver("recordPlayback", new Signal.DirectPlay(checked(() -> rules.check(event))));
    }

    @Override
    public void recordLibraryScan(UUID libraryId, ScanStats stats) {
        requireEnabled("recordLibraryScan");
        handOver("recordLibraryScan", new Signal.Scan(libraryId, checked(() -> rules.check(libraryId, stats))));
    }

    @Override
    public MediaRanking getMostWatched(UUID libraryId, Duration period, int limit) {
        return ranking(libraryId, period, limit, Measure.PLAYS);
    }

    @Override
    public MediaRanking getMostPopular(UUID libraryId, Duration period, int limit) {
        return ranking(libraryId, period, limit, Measure.DISTINCT_USERS);
    }

    /**
     * Rankings over whole days come from the rollups: the period sums and daily rows for the
     * plays, the last-played days for the distinct users. A rolling window of under a day reads
     * the raw plays, which a BRIN index on the start narrows to the hours asked for.
     */
    private MediaRanking ranking(UUID libraryId, Duration period, int limit, Measure measure) {
        Arguments.required("libraryId", libraryId);
        Window window = Window.of(Arguments.period("period", period), clock.instant(), settings.zone());
        int capped = Arguments.limit(limit);
        boolean byUsers = measure == Measure.DISTINCT_USERS;
        String what = "read the most " + (byUsers ? "popular" : "watched") + " items";
        List<MediaStats> items;
        if (!window.wholeDays()) {
            items = store.query(what, PlaybackMapper.class,
                    mapper -> mapper.rawRanking(libraryId, window.from(), window.to(), capped, byUsers));
        } else {
            items = store.cached(new RankingQuestion(libraryId, measure, window.firstDay(), window.today(), capped), () -> {
                // one read per write for the page's ten rankings: the periods change only when a job writes them
                List<PeriodState> periods = store.cached(PeriodStatesQuestion.ALL, () -> List.copyOf(
                        store.query("read the ranking periods", RollupMapper.class, RollupMapper::periodStates)));
                return store.query(what, PlaybackMapper.class, mapper -> byUsers
                        ? popularRanking(mapper, periods, libraryId, window, capped)
                        : rollupRanking(mapper, periods, libraryId, window, capped));
            });
        }
        return new MediaRanking(libraryId, measure, window.from(), window.to(), items);
    }

    private enum PeriodStatesQuestion { ALL }

    private record RankingQuestion(UUID libraryId, Measure measure, LocalDate firstDay, LocalDate today, int limit) {
    }

    /**
     * From a period's distinct users when a kept period starts where the window does (and ends
     * before today); else counted from the last-played days of every item of the library.
     */
    private static List<MediaStats> popularRanking(PlaybackMapper mapper, List<PeriodState> periods, UUID libraryId,
            Window window, int limit) {
        int span = periodSpan(window);
        boolean allTime = window.days() >= AnalyticsService.ALL_TIME.toDays();
        for (PeriodState state : periods) {
            if ((allTime || span > 0) && state.spanDays() == span && state.asOf().isBefore(window.today())
                    && (span == 0 || state.firstDay().equals(window.firstDay()))) {
                return mapper.popularFromPeriod(libraryId, span, window.firstDay(), window.today(), limit);
            }
        }
        return mapper.popularRanking(libraryId, window.firstDay(), window.today(), limit);
    }

    /** The period span that covers the window's finished days: 0 (all time) for an all-time window. */
    private static int periodSpan(Window window) {
        return window.days() >= AnalyticsService.ALL_TIME.toDays() ? 0 : (int) Math.min(window.days() - 1, Short.MAX_VALUE);
    }

    /**
     * From the period sums when a kept period matches (the 7, 30, 90 and 365-day rankings and all
     * time) and ends within the window; else from the daily rows.
     */
    private static List<MediaStats> rollupRanking(PlaybackMapper mapper, List<PeriodState> periods, UUID libraryId,
            Window window, int limit) {
        boolean allTime = window.days() >= AnalyticsService.ALL_TIME.toDays();
        // the finished days of the window; 0 stands for all time in the period table
        int span = periodSpan(window);
        if ((allTime || span > 0) && PeriodState.SPANS.contains(span)) {
            for (PeriodState state : periods) {
                boolean fits = state.asOf().isBefore(window.today())
                        && (span == 0 || !state.asOf().isBefore(window.firstDay().minusDays(1)));
                if (state.spanDays() == span && fits) {
                    LocalDate removedFrom = span == 0 ? window.firstDay() : state.firstDay();
                    // the period's rows keep the distinct users of a period that starts where the window does
                    boolean usersHeld = span == 0 || state.firstDay().equals(window.firstDay());
                    return mapper.periodRanking(libraryId, span, state.asOf(), removedFrom, window.firstDay(),
                            window.today(), limit, usersHeld);
                }
            }
        }
        return mapper.dailyRanking(libraryId, window.firstDay(), window.today(), limit);
    }

    /**
     * The trending job's count ({@link TrendingJob}, every few minutes) while it is at most
     * {@link TrendingJob#FRESH} old; otherwise (no count yet, the jobs paused or behind, a user
     * just erased) counted from the raw plays now, by the same statement.
     */
    @Override
    public MediaRanking getTrending(UUID libraryId, int limit) {
        Arguments.required("libraryId", libraryId);
        int capped = Arguments.limit(limit);
        Instant now = clock.instant();
        return store.query("read the trending items", PlaybackMapper.class, mapper -> {
            PlaybackMapper.TrendingCount count = mapper.trendingCount();
            if (count != null && !count.countedAt().isAfter(now) && count.countedAt().isAfter(now.minus(TrendingJob.FRESH))) {
                return new MediaRanking(libraryId, Measure.TRENDING, count.recentFrom(), count.countedAt(),
                        List.copyOf(mapper.trendingCounted(libraryId, capped)));
            }
            Instant recentFrom = now.minus(TrendingJob.RECENT);
            Instant baselineFrom = recentFrom.minus(Duration.ofDays(TrendingJob.BASELINE_DAYS));
            return new MediaRanking(libraryId, Measure.TRENDING, recentFrom, now,
                    List.copyOf(mapper.trending(libraryId, baselineFrom, recentFrom, now, TrendingJob.BASELINE_DAYS, capped)));
        });
    }

    /**
     * Walks the user's newest item days ({@code user_item_daily}, kept with the raw plays) until it
     * has found enough distinct items (or all of them), and sums those items' days.
     */
    @Override
    public List<MediaStats> getRecentlyWatched(UUID userId, int limit) {
        Arguments.required("userId", userId);
        int capped = Arguments.limit(limit);
        return store.cached(new RecentQuestion(userId, capped), () -> List.copyOf(store.queryAbout(userId, "read the recently watched items",
                UserItemMapper.class, mapper -> {
                    int scan = Math.max(64, capped * 4);
                    List<MediaStats> latest = mapper.recent(userId, scan, capped);
                    while (latest.size() < capped && scan < RECENT_SCAN_LIMIT && mapper.hasMoreRows(userId, scan)) {
                        scan *= 8;
                        latest = mapper.recent(userId, scan, capped);
                    }
                    return latest;
                })));
    }

    private record RecentQuestion(UUID userId, int limit) {
    }

    @Override
    public Optional<LibraryStats> getLibraryStats(UUID libraryId) {
        Arguments.required("libraryId", libraryId);
        LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
        return store.query("read the library statistics", LibraryMapper.class, mapper -> libraryStats(mapper, libraryId, today));
    }

    @Override
    public List<LibraryStats> getLibraries() {
        return libraries(store, LocalDate.now(clock.withZone(settings.zone())));
    }

    /** Every library's latest snapshot with its health and growth; also the admin service's (deprecated) list. */
    static List<LibraryStats> libraries(AnalyticsStore store, LocalDate today) {
        return store.query("read the libraries", LibraryMapper.class, mapper -> mapper.libraryIds().stream()
                .map(id -> libraryStats(mapper, id, today)).flatMap(Optional::stream).toList());
    }

    /** A library's latest snapshot with its health and growth. */
    private static Optional<LibraryStats> libraryStats(LibraryMapper mapper, UUID libraryId, LocalDate today) {
        LibrarySnapshot latest = mapper.latest(libraryId);
        if (latest == null) {
            return Optional.empty();
        }
        List<LibraryGrowth> growth = new ArrayList<>();
        for (int days : GROWTH_DAYS) {
            LibrarySnapshot then = mapper.onOrBefore(libraryId, today.minusDays(days));
            if (then == null) {
                then = mapper.oldestBefore(libraryId, latest.day());
            }
            if (then != null) {
                growth.add(new LibraryGrowth(days, then.day(), latest.totalItems() - then.totalItems(),
                        latest.totalSizeBytes() - then.totalSizeBytes(),
                        mapper.addedBetween(libraryId, then.day(), latest.day())));
            }
        }
        long recentlyAdded = mapper.addedBetween(libraryId, today.minusDays(7), today);
        return Optional.of(new LibraryStats(libraryId, latest.day(), latest.totalItems(), latest.totalSizeBytes(),
                latest.missingMetadata(), latest.orphanedFiles(), recentlyAdded, latest.scannedAt(), growth));
    }

    /**
     * From the per-user daily rollup and the user's last-played days when the window lies within
     * their retention (30 days by default); else one pass over the user's key range in the raw plays.
     */
    @Override
    public UserStats getUserStats(UUID userId, Duration period) {
        Arguments.required("userId", userId);
        Window window = Window.of(Arguments.period("period", period), clock.instant(), settings.zone());
        boolean fromRollups = window.wholeDays() && kept(settings.retention().userActivityDays(), window)
                && kept(settings.retention().dailyAggregateDays(), window);
        Supplier<UserStats> read = () -> store.queryAbout(userId, "read the user's statistics", PlaybackMapper.class, mapper -> {
            List<UserDayRow> rows = fromRollups ? mapper.userPeriodFromRollups(userId, window.firstDay(), window.today())
                    : mapper.userPeriod(userId, window.from(), window.to(), settings.zone().getId());
            if (!rows.isEmpty() && rows.get(0).plays() == 0) {
                rows = List.of();
            }
            if (rows.isEmpty()) {
                return new UserStats(userId, window.from(), window.to(), 0, 0, 0, 0, List.of());
            }
            UserDayRow total = rows.get(0);
            List<DailyActivity> days = rows.subList(1, rows.size()).stream()
                    .map(day -> new DailyActivity(day.day(), day.plays(), day.completedPlays(), day.watchTimeSec()))
                    .toList();
            return new UserStats(userId, window.from(), window.to(), total.plays(), total.completedPlays(),
                    total.watchTimeSec(), total.uniqueItems(), days);
        });
        return window.wholeDays() ? store.cached(new UserQuestion(userId, window.firstDay(), window.today()), read) : read.get();
    }

    private record UserQuestion(UUID userId, LocalDate firstDay, LocalDate today) {
    }

    private record ByDayQuestion(LocalDate firstDay, LocalDate today) {
    }

    /** Whether rows kept for {@code days} days (0: for ever) still hold every day of the window. */
    /** Whether the daily rollups, kept {@code retention.daily.aggregates.days}, hold every day of a window of whole days. */
    private boolean inDailyRollups(Window window) {
        return window.wholeDays() && kept(settings.retention().dailyAggregateDays(), window);
    }

    private static boolean kept(int days, Window window) {
        return days == 0 || !window.firstDay().isBefore(window.today().minusDays(days));
    }

    @Override
    public IngestStats getIngestStats() {
        return pipeline.stats();
    }

    @Override
    public SystemStats getSystemStats() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, settings.zone());
        SystemTotals totals = store.query("read the system totals", SystemMapper.class,
                mapper -> mapper.totals(today, today.minusDays(6), now.minus(LONGEST_PLAY)));
        var jobs = store.query("read the job states", SystemMapper.class, SystemMapper::latestJobs);
        return new SystemStats(now, totals.users(), totals.libraries(), totals.mediaItems(), totals.playsToday(),
                totals.plays7d(), totals.watchTimeSec7d(), totals.activeSessions(), store.databaseSize(),
                pipeline.stats(), jobs, jvm(), store.readReplicaStats());
    }

    @Override
    public List<LibraryDay> getLibraryHistory(UUID libraryId, Duration period) {
        Arguments.required("libraryId", libraryId);
        LocalDate firstDay = Window.of(wholeDays(period), clock.instant(), settings.zone()).firstDay();
        return List.copyOf(store.query("read a library's growth", LibraryMapper.class, mapper -> mapper.history(libraryId, firstDay)));
    }

    @Override
    public ItemActivity getItemActivity(UUID libraryId, UUID mediaId, Duration period) {
        Arguments.required("libraryId", libraryId);
        Arguments.required("mediaId", mediaId);
        LocalDate firstDay = Window.of(wholeDays(period), clock.instant(), settings.zone()).firstDay();
        return store.query("read an item's figures", ItemMapper.class, mapper -> {
            List<DailyActivity> days = mapper.days(libraryId, mediaId, firstDay);
            ItemMapper.ItemLatest latest = mapper.latest(libraryId, mediaId, firstDay);
            return new ItemActivity(mediaId, libraryId, latest == null ? null : latest.mediaType(),
                    days.stream().mapToLong(DailyActivity::plays).sum(), days.stream().mapToLong(DailyActivity::completedPlays).sum(),
                    days.stream().mapToLong(DailyActivity::watchTimeSec).sum(), mapper.distinctUsers(libraryId, mediaId, firstDay),
                    latest == null ? null : latest.lastPlayedAt(), days);
        });
    }

    /** A period for a series of days: at least one day. */
    private static Duration wholeDays(Duration period) {
        if (Arguments.period("period", period).compareTo(Duration.ofDays(1)) < 0) {
            throw new InvalidInputException("period", "must be at least 1 day for a series of days (P1D), was " + period);
        }
        return period;
    }

    @Override
    public List<MetricHour> getSystemMetrics(Duration period) {
        Instant from = clock.instant().minus(Arguments.period("period", period)).truncatedTo(ChronoUnit.HOURS);
        return List.copyOf(store.query("read the system metrics", SystemMapper.class, mapper -> mapper.metricHours(from)));
    }

    @Override
    public List<UserActivity> getActiveUsers(Duration since) {
        Duration window = Arguments.period("since", since);
        Instant to = clock.instant();
        Instant from = to.minus(window);
        return activeUsers.read(store, window.toSeconds(), from, to, to.minus(ActiveUsersJob.FRESH), from.plus(ActiveUsersJob.FRESH),
                to.minus(LONGEST_PLAY));
    }

    @Override
    public List<DailyActivity> getPlaysByDay(Duration period) {
        Window window = dailySeries(period);
        int dailyDays = settings.retention().dailyAggregateDays();
        if (window.wholeDays() && kept(dailyDays, window)) {
            return store.cached(new ByDayQuestion(window.firstDay(), window.today()), () -> List.copyOf(store.query(
                    "read the plays by day", BreakdownMapper.class,
                    mapper -> mapper.playsByDayFromRollups(window.firstDay(), window.today()))));
        }
        ZoneId zone = settings.zone();
        if (window.wholeDays()) {
            // the days the daily rollups keep from them; the days before from the raw plays, which have
            // those days only if they are kept longer (retention.raw.days 0 or over the daily rows' days)
            LocalDate firstRollupDay = window.today().minusDays(dailyDays);
            return store.cached(new ByDayQuestion(window.firstDay(), window.today()), () -> List.copyOf(store.query(
                    "read the plays by day", BreakdownMapper.class, mapper -> {
                        List<DailyActivity> days = new ArrayList<>(mapper.playsByDay(window.from(),
                                firstRollupDay.atStartOfDay(zone).toInstant(), zone.getId(), window.firstDay(),
                                firstRollupDay.minusDays(1)));
                        days.addAll(mapper.playsByDayFromRollups(firstRollupDay, window.today()));
                        return days;
                    })));
        }
        return List.copyOf(store.query("read the plays by day", BreakdownMapper.class, mapper -> mapper.playsByDay(
                window.from(), window.to(), zone.getId(), LocalDate.ofInstant(window.from(), zone), window.today())));
    }

    @Override
    public List<DailyUsers> getDistinctUsersByDay(Duration period) {
        Window window = dailySeries(period);
        if (window.wholeDays()) {
            return List.copyOf(store.query("read the users by day", DailyUsersMapper.class,
                    mapper -> mapper.fromRollups(window.firstDay(), window.today())));
        }
        ZoneId zone = settings.zone();
        return List.copyOf(store.query("read the users by day", DailyUsersMapper.class, mapper -> mapper.fromPlays(window.from(),
                window.to(), zone.getId(), LocalDate.ofInstant(window.from(), zone), window.today())));
    }

    /** The window of a by-day series: at most {@link #MAX_DAILY_SERIES}. */
    private Window dailySeries(Duration period) {
        Arguments.required("period", period);
        if (period.compareTo(MAX_DAILY_SERIES) > 0) {
            throw new InvalidInputException("period", "must be at most " + MAX_DAILY_SERIES.toDays() + " days for a by-day series, was "
                    + period);
        }
        return Window.of(Arguments.period("period", period), clock.instant(), settings.zone());
    }

    /*
     * The server's heat map, client types and completion rates of whole days come from one read of
     * the writer-kept totals (daysBreakdowns), cached until the next write, so the console page's
     * three calls share it. The heat map keeps its days in that read: a heat map of fewer days than
     * SHARED_BREAKDOWN_DAYS is taken from the read of that many (the console's 28 days from the read
     * of 30 that its client types and completion rates make).
     */

    @Override
    public List<WeekdayHour> getPlaysByWeekdayAndHour(Duration period) {
        Window window = window(period);
        if (inDailyRollups(window)) {
            Window shared = Window.of(SHARED_BREAKDOWN_DAYS, clock.instant(), settings.zone());
            Window read = window.days() < shared.days() && inDailyRollups(shared) ? shared : window;
            return daysBreakdowns(read).heatMap(window.firstDay());
        }
        return store.query("read the plays by weekday and hour", BreakdownMapper.class,
                mapper -> mapper.playsByWeekdayAndHour(window.from(), window.to(), settings.zone().getId(), null)).stream()
                .map(LocalAnalyticsService::weekdayHour)
                .toList();
    }

    private static WeekdayHour weekdayHour(BreakdownMapper.WeekdayHourRow row) {
        return new WeekdayHour(DayOfWeek.of(row.isoDay()), row.hour(), row.plays(), row.watchTimeSec());
    }

    @Override
    public List<ClientTypeShare> getClientTypes(Duration period) {
        Window window = window(period);
        // the users' last days on each client type are kept as long as the daily rollups
        if (inDailyRollups(window)) {
            return daysBreakdowns(window).clients();
        }
        return List.copyOf(store.query("read the client types", BreakdownMapper.class,
                mapper -> mapper.clientTypes(window.from(), window.to(), null)));
    }

    @Override
    public List<CompletionRate> getCompletionRates(Duration period) {
        Window window = window(period);
        if (inDailyRollups(window)) {
            return daysBreakdowns(window).completion();
        }
        return completionRates(store.query("read the completion rates", BreakdownMapper.class,
                mapper -> mapper.completion(window.from(), window.to(), null)));
    }

    /** The breakdowns of a window of whole days, read once until the next write. */
    private DaysBreakdowns daysBreakdowns(Window window) {
        String what = "read the breakdowns of the days";
        return store.cached(new BreakdownQuestion(what, window.firstDay(), window.today()), () -> DaysBreakdowns.of(
                store.query(what, BreakdownMapper.class, mapper -> mapper.daysBreakdowns(window.firstDay(), window.today()))));
    }

    /**
     * The server's breakdowns of a window of whole days, from {@link BreakdownMapper#daysBreakdowns}.
     *
     * @param hours      the plays and watch time of each day and hour
     * @param clients    the client types, most plays first
     * @param completion the completion rates, all plays first
     */
    private record DaysBreakdowns(List<BreakdownMapper.DaysBreakdownRow> hours, List<ClientTypeShare> clients,
            List<CompletionRate> completion) {

        static DaysBreakdowns of(List<BreakdownMapper.DaysBreakdownRow> rows) {
            List<BreakdownMapper.DaysBreakdownRow> hours = new ArrayList<>();
            List<ClientTypeShare> clients = new ArrayList<>();
            List<BreakdownMapper.CompletionRow> types = new ArrayList<>();
            long plays = 0;
            long completed = 0;
            for (BreakdownMapper.DaysBreakdownRow row : rows) {
                switch (row.part()) {
                    case BreakdownMapper.DaysBreakdownRow.HOURS -> hours.add(row);
                    case BreakdownMapper.DaysBreakdownRow.CLIENTS -> clients.add(
                            new ClientTypeShare(row.clientType(), row.plays(), row.watchTimeSec(), row.users()));
                    case BreakdownMapper.DaysBreakdownRow.TYPES -> {
                        types.add(new BreakdownMapper.CompletionRow(row.mediaType(), row.plays(), row.completedPlays()));
                        plays += row.plays();
                        completed += row.completedPlays();
                    }
                    default -> throw new IllegalStateException("unknown part of the breakdowns: " + row.part());
                }
            }
            types.add(0, new BreakdownMapper.CompletionRow(null, plays, completed));
            return new DaysBreakdowns(List.copyOf(hours), List.copyOf(clients), completionRates(types));
        }

        /** The heat map of the days from {@code firstDay} on, weekday by weekday from Monday, hour by hour. */
        List<WeekdayHour> heatMap(LocalDate firstDay) {
            long[][] plays = new long[7][24];
            long[][] watched = new long[7][24];
            for (BreakdownMapper.DaysBreakdownRow row : hours) {
                if (!row.day().isBefore(firstDay)) {
                    int weekday = row.day().getDayOfWeek().ordinal();
                    plays[weekday][row.hour()] += row.plays();
                    watched[weekday][row.hour()] += row.watchTimeSec();
                }
            }
            List<WeekdayHour> cells = new ArrayList<>();
            for (DayOfWeek weekday : DayOfWeek.values()) {
                for (int hour = 0; hour < 24; hour++) {
                    if (plays[weekday.ordinal()][hour] > 0) {
                        cells.add(new WeekdayHour(weekday, hour, plays[weekday.ordinal()][hour], watched[weekday.ordinal()][hour]));
                    }
                }
            }
            return List.copyOf(cells);
        }
    }

    @Override
    public List<PlayMethodShare> getPlayMethods(Duration period) {
        Window window = window(period);
        String what = "read the play methods";
        if (inDailyRollups(window)) {
            return store.cached(new BreakdownQuestion(what, window.firstDay(), window.today()), () -> List.copyOf(
                    store.query(what, PlayMethodMapper.class, mapper -> mapper.fromRollups(window.firstDay(), window.today()))));
        }
        return List.copyOf(store.query(what, PlayMethodMapper.class, mapper -> mapper.fromPlays(window.from(), window.to())));
    }

    /**
     * The stored days of the series, and the others counted from the raw plays while they are kept:
     * today, a finished day the daily check has not reached yet, the days before this table existed.
     */
    @Override
    public List<PeakStreams> getPeakStreamsByDay(Duration period) {
        Window window = dailySeries(period);
        Instant now = clock.instant();
        ZoneId zone = settings.zone();
        // a window under a day is the days it touches, as in getPlaysByDay
        LocalDate firstDay = LocalDate.ofInstant(window.from(), zone);
        int rawDays = settings.retention().rawDays();
        LocalDate firstRaw = rawDays == 0 ? firstDay : window.today().minusDays(rawDays);
        // cached like the other whole-day answers (dropped by every write); the days still being written are the peak
        // streams job's count, at most PeakStreamsJob.FRESH old, or swept from the plays when there is none
        return store.cached(new PeakQuestion(firstDay, window.today()), () -> store.query("read the peak streams by day",
                PeakStreamsMapper.class, mapper -> {
            Map<LocalDate, PeakStreams> days = new HashMap<>();
            mapper.stored(firstDay, window.today()).forEach(day -> days.put(day.date(), day));
            List<LocalDate> uncounted = new ArrayList<>();
            for (LocalDate day = firstDay; !day.isAfter(window.today()); day = day.plusDays(1)) {
                if (!days.containsKey(day) && !day.isBefore(firstRaw)) {
                    uncounted.add(day);
                }
            }
            if (!uncounted.isEmpty()) {
                // today, as the peak streams job counted it a few minutes ago; a finished day the check has not
                // stored yet may have had plays since (a late play, an import), so it is swept
                mapper.recent(window.today(), window.today(), now.minus(PeakStreamsJob.FRESH)).stream()
                        .filter(day -> uncounted.contains(day.date())).forEach(day -> days.put(day.date(), day));
                uncounted.removeIf(days::containsKey);
            }
            if (!uncounted.isEmpty()) {
                // today is never stored: the console asks for it twice a page (its 30 days and the chosen period), swept once
                store.cached(new SweptDays(List.copyOf(uncounted)), () -> List.copyOf(mapper.fromPlays(uncounted, zone.getId(), now)))
                        .forEach(day -> days.put(day.date(), day));
            }
            List<PeakStreams> series = new ArrayList<>();
            for (LocalDate day = firstDay; !day.isAfter(window.today()); day = day.plusDays(1)) {
                series.add(days.getOrDefault(day, new PeakStreams(day, 0, null)));
            }
            return List.copyOf(series);
        }));
    }

    private record PeakQuestion(LocalDate firstDay, LocalDate today) {
    }

    /** The peaks of days without a stored row, counted from the raw plays. */
    private record SweptDays(List<LocalDate> days) {
    }

    /** The rows as rates; no plays at all is one total of zero. */
    private static List<CompletionRate> completionRates(List<BreakdownMapper.CompletionRow> rows) {
        List<CompletionRate> rates = rows.stream()
                .map(row -> new CompletionRate(row.mediaType(), row.plays(), row.completedPlays(),
                        row.plays() == 0 ? 0 : (double) row.completedPlays() / row.plays()))
                .toList();
        return rates.isEmpty() ? List.of(new CompletionRate(null, 0, 0, 0)) : rates;
    }

    private Window window(Duration period) {
        return Window.of(Arguments.period("period", period), clock.instant(), settings.zone());
    }

    private record BreakdownQuestion(String what, LocalDate firstDay, LocalDate today) {
    }

    /*
     * A user's own page: its items, heat map, completion and client types come from one read of the
     * user's key range in the raw plays (user id, start) over the window, so it reads that user's
     * plays of the window once and nobody else's. Whole-day windows are cached until the next write,
     * so the page's four calls share the read.
     */

    @Override
    public List<MediaStats> getUserMostWatched(UUID userId, Duration period, int limit) {
        Arguments.required("userId", userId);
        int capped = Arguments.limit(limit);
        List<MediaStats> items = userBreakdowns(userId, window(period)).items();
        return items.subList(0, Math.min(capped, items.size()));
    }

    @Override
    public List<WeekdayHour> getUserPlaysByWeekdayAndHour(UUID userId, Duration period) {
        Arguments.required("userId", userId);
        return userBreakdowns(userId, window(period)).hours();
    }

    @Override
    public List<CompletionRate> getUserCompletionRates(UUID userId, Duration period) {
        Arguments.required("userId", userId);
        return userBreakdowns(userId, window(period)).completion();
    }

    @Override
    public List<ClientTypeShare> getUserClientTypes(UUID userId, Duration period) {
        Arguments.required("userId", userId);
        return userBreakdowns(userId, window(period)).clients();
    }

    /** A user's page breakdowns over a window, each in the order its SPI method promises. */
    private record UserBreakdowns(List<MediaStats> items, List<WeekdayHour> hours, List<CompletionRate> completion,
            List<ClientTypeShare> clients) {
    }

    private record UserBreakdownQuestion(UUID userId, LocalDate firstDay, LocalDate today) {
    }

    private UserBreakdowns userBreakdowns(UUID userId, Window window) {
        String zone = settings.zone().getId();
        Supplier<UserBreakdowns> read = () -> {
            List<BreakdownMapper.UserBreakdownRow> rows = store.queryAbout(userId, "read the user's page figures", BreakdownMapper.class,
                    mapper -> mapper.userBreakdowns(userId, window.from(), window.to(), zone, MAX_LIMIT));
            List<MediaStats> items = new ArrayList<>();
            List<WeekdayHour> hours = new ArrayList<>();
            List<BreakdownMapper.CompletionRow> completion = new ArrayList<>();
            List<ClientTypeShare> clients = new ArrayList<>();
            for (BreakdownMapper.UserBreakdownRow row : rows) {
                switch (row.part()) {
                    case BreakdownMapper.UserBreakdownRow.ITEMS -> items.add(new MediaStats(row.mediaId(), row.libraryId(),
                            row.mediaType(), row.plays(), row.completedPlays(), row.watchTimeSec(), 1, row.lastPlayedAt()));
                    case BreakdownMapper.UserBreakdownRow.HOURS -> hours.add(new WeekdayHour(DayOfWeek.of(row.isoDay()), row.hour(),
                            row.plays(), row.watchTimeSec()));
                    case BreakdownMapper.UserBreakdownRow.COMPLETION -> completion.add(new BreakdownMapper.CompletionRow(row.mediaType(),
                            row.plays(), row.completedPlays()));
                    case BreakdownMapper.UserBreakdownRow.CLIENTS -> clients.add(new ClientTypeShare(row.clientType(), row.plays(),
                            row.watchTimeSec(), 1));
                    default -> throw new IllegalStateException("no such part of the user's page figures: " + row.part());
                }
            }
            return new UserBreakdowns(List.copyOf(items), List.copyOf(hours), completionRates(completion), List.copyOf(clients));
        };
        return window.wholeDays() ? store.cached(new UserBreakdownQuestion(userId, window.firstDay(), window.today()), read)
                : read.get();
    }

    @Override
    public List<PlayRecord> getUserPlays(UUID userId, Instant from, Instant to, UUID libraryId, Instant before, int limit) {
        Arguments.required("userId", userId);
        Arguments.required("from", from);
        Arguments.required("to", to);
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", "must be after from (" + from + "), was " + to);
        }
        int capped = Arguments.limit(limit);
        return List.copyOf(store.queryAbout(userId, "read a page of the user's plays", PrivacyMapper.class,
                mapper -> mapper.userPlayPage(userId, from, to, libraryId, before, capped)));
    }

    @Override
    public YearInReview getYearInReview(int year) {
        int checked = YearReviews.checkedYear(year);
        Settings current = settings;
        LocalDate today = LocalDate.ofInstant(clock.instant(), current.zone());
        return store.cached(new YearQuestion(null, checked, today), () -> store.query("read the year in review", YearMapper.class,
                mapper -> YearReviews.server(mapper, checked, current.zone(), today)));
    }

    @Override
    public Optional<YearInReview> getUserYearInReview(UUID userId, int year) {
        Arguments.required("userId", userId);
        int checked = YearReviews.checkedYear(year);
        Settings current = settings;
        LocalDate today = LocalDate.ofInstant(clock.instant(), current.zone());
        Optional<YearInReview> review = store.queryAbout(userId, "read the user's year in review", YearMapper.class,
                mapper -> YearReviews.user(mapper, userId, checked, current.zone(), today));
        // a comparison with the others only where an admin allowed it
        return current.privacy().compareUsers() ? review.map(mine -> YearReviews.withShare(mine, getYearInReview(checked).plays()))
                : review;
    }

    private record YearQuestion(UUID userId, int year, LocalDate today) {
    }

    @Override
    public List<JobRun> getJobHistory(int limit) {
        int capped = Arguments.limit(limit);
        return List.copyOf(store.query("read the job history", JobMapper.class, jobs -> jobs.history(capped)));
    }

    private void requireEnabled(String operation) {
        if (!settings.enabled()) {
            throw new AnalyticsDisabledException(operation + " refused: analytics is disabled (enabled=false in "
                    + AnalyticsConfiguration.PID + ")");
        }
    }

    /**
     * A caller that still holds this service while its bundle stops (update, uninstall) is told
     * that nothing was stored and that it may call again once the service is back.
     */
    private void handOver(String operation, Signal signal) {
        if (!pipeline.record(signal)) {
            throw new StorageUnavailableException(operation + " refused: analytics is stopping (its bundle is being "
                    + "stopped, updated or uninstalled) and stored nothing; call again once AnalyticsService is back", null);
        }
    }

    /** Runs a validation; a refusal is counted before it reaches the caller. */
    private <T> T checked(Supplier<T> validation) {
        try {
            return validation.get();
        } catch (InvalidInputException e) {
            pipeline.rejected(e);
            throw e;
        }
    }

    private static JvmStats jvm() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new JvmStats(heap.getUsed(), heap.getMax(), ManagementFactory.getThreadMXBean().getThreadCount(),
                Runtime.getRuntime().availableProcessors(), Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()));
    }
}
