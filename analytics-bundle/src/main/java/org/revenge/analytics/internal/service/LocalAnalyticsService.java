package org.revenge.analytics.internal.service;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.ConfigurationException;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.ingest.Signal;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.BreakdownMapper;
import org.revenge.analytics.internal.store.LibraryMapper;
import org.revenge.analytics.internal.store.LibrarySnapshot;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.SystemMapper;
import org.revenge.analytics.internal.store.SystemTotals;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.JvmStats;
import org.revenge.analytics.spi.LibraryGrowth;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.Measure;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.spi.UserStats;
import org.revenge.analytics.spi.WeekdayHour;

/**
 * The {@link AnalyticsService} over PostgreSQL. It is registered only once the schema is
 * migrated, because it requires the {@link AnalyticsStore}, which requires the migrated database.
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LocalAnalyticsService implements AnalyticsService {

    /** Look-backs of the library growth figures, in days. */
    private static final int[] GROWTH_DAYS = {7, 30, 365};

    /** Trending compares the last day with the average day of the week before it. */
    private static final Duration TRENDING_RECENT = Duration.ofDays(1);
    private static final int TRENDING_BASELINE_DAYS = 7;

    /** The longest by-day series: a little over a year of bars. */
    private static final Duration MAX_DAILY_SERIES = Duration.ofDays(400);

    /** A play cannot last longer than a day, so an open play older than that is not "now". */
    private static final Duration LONGEST_PLAY = Duration.ofSeconds(PlaybackEvent.MAX_DURATION_SEC);

    private final AnalyticsStore store;
    private final IngestPipeline pipeline;
    private final Clock clock;
    /** Replaced as a pair when the configuration changes; the service stays registered meanwhile. */
    private volatile Settings settings;
    private volatile PlaybackRules rules;

    @Activate
    public LocalAnalyticsService(@Reference AnalyticsStore store, @Reference IngestPipeline pipeline,
            AnalyticsConfiguration config) {
        this(store, pipeline, Settings.from(config), Clock.systemUTC());
    }

    LocalAnalyticsService(AnalyticsStore store, IngestPipeline pipeline, Settings settings, Clock clock) {
        this.store = store;
        this.pipeline = pipeline;
        this.settings = settings;
        this.clock = clock;
        this.rules = new PlaybackRules(clock, settings.rawRetention());
    }

    /** Takes a new configuration without re-registering, so callers never see the service go away. */
    @Modified
    void modified(AnalyticsConfiguration config) {
        Settings changed;
        try {
            changed = Settings.from(config);
        } catch (ConfigurationException e) {
            // the schema migrator reports it and withdraws the database, which withdraws this service
            return;
        }
        rules = new PlaybackRules(clock, changed.rawRetention());
        settings = changed;
    }

    /** Validates, then takes the same journaled, idempotent path as host events; written within moments. */
    @Override
    public void recordPlayback(PlaybackEvent event) {
        requireEnabled("recordPlayback");
        pipeline.record(new Signal.DirectPlay(checked(() -> rules.check(event))));
    }

    @Override
    public void recordLibraryScan(UUID libraryId, ScanStats stats) {
        requireEnabled("recordLibraryScan");
        pipeline.record(new Signal.Scan(libraryId, checked(() -> rules.check(libraryId, stats))));
    }

    @Override
    public MediaRanking getMostWatched(UUID libraryId, Duration period, int limit) {
        return ranking(libraryId, period, limit, Measure.PLAYS);
    }

    @Override
    public MediaRanking getMostPopular(UUID libraryId, Duration period, int limit) {
        return ranking(libraryId, period, limit, Measure.DISTINCT_USERS);
    }

    private MediaRanking ranking(UUID libraryId, Duration period, int limit, Measure measure) {
        Arguments.required("libraryId", libraryId);
        Instant to = clock.instant();
        Instant from = to.minus(Arguments.period("period", period));
        int capped = Arguments.limit(limit);
        List<MediaStats> items = store.read("read the most " + (measure == Measure.PLAYS ? "watched" : "popular") + " items",
                PlaybackMapper.class, mapper -> mapper.ranking(libraryId, from, to, capped, measure == Measure.DISTINCT_USERS));
        return new MediaRanking(libraryId, measure, from, to, items);
    }

    @Override
    public MediaRanking getTrending(UUID libraryId, int limit) {
        Arguments.required("libraryId", libraryId);
        int capped = Arguments.limit(limit);
        Instant to = clock.instant();
        Instant recentFrom = to.minus(TRENDING_RECENT);
        Instant baselineFrom = recentFrom.minus(Duration.ofDays(TRENDING_BASELINE_DAYS));
        List<MediaStats> items = store.read("read the trending items", PlaybackMapper.class, mapper -> {
            List<UUID> ranked = mapper.trending(libraryId, baselineFrom, recentFrom, to, TRENDING_BASELINE_DAYS, capped);
            if (ranked.isEmpty()) {
                return List.<MediaStats>of();
            }
            Map<UUID, MediaStats> stats = new HashMap<>();
            mapper.mediaStats(libraryId, recentFrom, to, ranked.toArray(UUID[]::new)).forEach(item -> stats.put(item.mediaId(), item));
            return ranked.stream().map(stats::get).toList();
        });
        return new MediaRanking(libraryId, Measure.TRENDING, recentFrom, to, items);
    }

    @Override
    public List<MediaStats> getRecentlyWatched(UUID userId, int limit) {
        Arguments.required("userId", userId);
        int capped = Arguments.limit(limit);
        return List.copyOf(store.read("read the recently watched items", PlaybackMapper.class,
                mapper -> mapper.recentlyWatched(userId, capped)));
    }

    @Override
    public Optional<LibraryStats> getLibraryStats(UUID libraryId) {
        Arguments.required("libraryId", libraryId);
        LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
        return store.read("read the library statistics", LibraryMapper.class, mapper -> {
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
        });
    }

    @Override
    public UserStats getUserStats(UUID userId, Duration period) {
        Arguments.required("userId", userId);
        Instant to = clock.instant();
        Instant from = to.minus(Arguments.period("period", period));
        return store.read("read the user's statistics", PlaybackMapper.class, mapper -> {
            List<DailyActivity> days = mapper.userDays(userId, from, to, settings.zone().getId());
            long uniqueItems = days.isEmpty() ? 0 : mapper.userUniqueItems(userId, from, to);
            return new UserStats(userId, from, to,
                    days.stream().mapToLong(DailyActivity::plays).sum(),
                    days.stream().mapToLong(DailyActivity::completedPlays).sum(),
                    days.stream().mapToLong(DailyActivity::watchTimeSec).sum(),
                    uniqueItems, days);
        });
    }

    @Override
    public SystemStats getSystemStats() {
        Instant now = clock.instant();
        Instant todayStart = LocalDate.now(clock.withZone(settings.zone())).atStartOfDay(settings.zone()).toInstant();
        SystemTotals totals = store.read("read the system totals", SystemMapper.class,
                mapper -> mapper.totals(todayStart, now.minus(Duration.ofDays(7)), now.minus(LONGEST_PLAY)));
        var jobs = store.read("read the job states", SystemMapper.class, SystemMapper::latestJobs);
        return new SystemStats(now, totals.users(), totals.libraries(), totals.mediaItems(), totals.playsToday(),
                totals.plays7d(), totals.watchTimeSec7d(), totals.activeSessions(), totals.databaseSizeBytes(),
                pipeline.stats(), jobs, jvm());
    }

    @Override
    public List<UserActivity> getActiveUsers(Duration since) {
        Instant to = clock.instant();
        Instant from = to.minus(Arguments.period("since", since));
        return List.copyOf(store.read("read the active users", PlaybackMapper.class,
                mapper -> mapper.activeUsers(from, to, to.minus(LONGEST_PLAY))));
    }

    @Override
    public List<DailyActivity> getPlaysByDay(Duration period) {
        Arguments.required("period", period);
        if (period.compareTo(MAX_DAILY_SERIES) > 0) {
            throw new InvalidInputException("period", "must be at most " + MAX_DAILY_SERIES.toDays() + " days for a by-day series, was "
                    + period);
        }
        Instant to = clock.instant();
        Instant from = to.minus(Arguments.period("period", period));
        ZoneId zone = settings.zone();
        return List.copyOf(store.read("read the plays by day", BreakdownMapper.class, mapper -> mapper.playsByDay(from, to,
                zone.getId(), LocalDate.ofInstant(from, zone), LocalDate.ofInstant(to, zone))));
    }

    @Override
    public List<WeekdayHour> getPlaysByWeekdayAndHour(Duration period) {
        Instant to = clock.instant();
        Instant from = to.minus(Arguments.period("period", period));
        String zone = settings.zone().getId();
        return store.read("read the plays by weekday and hour", BreakdownMapper.class,
                mapper -> mapper.playsByWeekdayAndHour(from, to, zone)).stream()
                .map(row -> new WeekdayHour(DayOfWeek.of(row.isoDay()), row.hour(), row.plays(), row.watchTimeSec()))
                .toList();
    }

    @Override
    public List<ClientTypeShare> getClientTypes(Duration period) {
        Instant to = clock.instant();
        Instant from = to.minus(Arguments.period("period", period));
        return List.copyOf(store.read("read the client types", BreakdownMapper.class, mapper -> mapper.clientTypes(from, to)));
    }

    @Override
    public List<CompletionRate> getCompletionRates(Duration period) {
        Instant to = clock.instant();
        Instant from = to.minus(Arguments.period("period", period));
        List<CompletionRate> rates = store.read("read the completion rates", BreakdownMapper.class,
                mapper -> mapper.completion(from, to)).stream()
                .map(row -> new CompletionRate(row.mediaType(), row.plays(), row.completedPlays(),
                        row.plays() == 0 ? 0 : (double) row.completedPlays() / row.plays()))
                .toList();
        return rates.isEmpty() ? List.of(new CompletionRate(null, 0, 0, 0)) : rates;
    }

    private void requireEnabled(String operation) {
        if (!settings.enabled()) {
            throw new AnalyticsDisabledException(operation + " refused: analytics is disabled (enabled=false in "
                    + AnalyticsConfiguration.PID + ")");
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
