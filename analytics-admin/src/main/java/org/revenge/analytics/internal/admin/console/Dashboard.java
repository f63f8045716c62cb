package org.revenge.analytics.internal.admin.console;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.LibraryDay;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MetricHour;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethodShare;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.spi.WeekdayHour;

/**
 * Everything the console page shows, read from the SPI in one go.
 *
 * @param enabled    whether recording is on, or {@code null} without AnalyticsAdmin
 * @param libraries  the libraries' latest snapshots; empty without AnalyticsAdmin, which alone lists them
 * @param mostPlayed each library's most played items over {@link #TOP_PERIOD}
 * @param popular    each library's items with the most distinct users over {@link #POPULAR_PERIOD}
 * @param jobKinds   the kinds "run now" accepts; empty without AnalyticsAdmin
 * @param imports    the latest history imports with their reports; empty without AnalyticsImporter
 * @param quarantined records the recording path set aside (see {@code analytics:quarantine}), or
 *                   {@code null} without AnalyticsAdmin
 * @param now        what is happening: active users, completion, the server's hours
 */
record Dashboard(
        Instant generatedAt,
        Boolean enabled,
        SystemStats system,
        List<DailyActivity> playsByDay,
        List<WeekdayHour> weekdayHours,
        List<ClientTypeShare> clientTypes,
        List<LibraryStats> libraries,
        Map<UUID, MediaRanking> mostPlayed,
        Map<UUID, MediaRanking> popular,
        List<String> jobKinds,
        List<JobRun> jobHistory,
        List<ImportReport> imports,
        Long quarantined,
        Now now) {

    /**
     * What is happening lately, beside the totals. (Each library's trending items join it once
     * {@code getTrending} answers within the page's budget on a large history; it reads the raw
     * plays of eight days and takes a third of a second on 10 M plays.)
     *
     * @param activeUsers the users who played within {@link Dashboard#ACTIVE_PERIOD}, or are playing
     * @param completion  how many plays were watched to the end over {@link Dashboard#COMPLETION_PERIOD}, by media type
     * @param metrics     the server's hours over {@link Dashboard#METRICS_PERIOD}, by metric and hour
     * @param growth      each library's scanned days over {@link Dashboard#GROWTH_PERIOD}, after the one before it
     * @param playMethods plays and watch time by play method over {@link Dashboard#DAYS_PERIOD}
     * @param peakStreams the most plays at once on each day of {@link Dashboard#DAYS_PERIOD}
     */
    record Now(List<UserActivity> activeUsers, List<CompletionRate> completion, List<MetricHour> metrics,
            Map<UUID, List<LibraryDay>> growth, List<PlayMethodShare> playMethods, List<PeakStreams> peakStreams) {

        static final Now NOTHING = new Now(List.of(), List.of(), List.of(), Map.of());

        /** Without the play methods and the peaks. */
        Now(List<UserActivity> activeUsers, List<CompletionRate> completion, List<MetricHour> metrics,
                Map<UUID, List<LibraryDay>> growth) {
            this(activeUsers, completion, metrics, growth, List.of(), List.of());
        }
    }

    /** A dashboard without the latest figures. */
    Dashboard(Instant generatedAt, Boolean enabled, SystemStats system, List<DailyActivity> playsByDay,
            List<WeekdayHour> weekdayHours, List<ClientTypeShare> clientTypes, List<LibraryStats> libraries,
            Map<UUID, MediaRanking> mostPlayed, Map<UUID, MediaRanking> popular, List<String> jobKinds,
            List<JobRun> jobHistory, List<ImportReport> imports, Long quarantined) {
        this(generatedAt, enabled, system, playsByDay, weekdayHours, clientTypes, libraries, mostPlayed, popular, jobKinds,
                jobHistory, imports, quarantined, Now.NOTHING);
    }

    /** A dashboard without the quarantine's count. */
    Dashboard(Instant generatedAt, Boolean enabled, SystemStats system, List<DailyActivity> playsByDay,
            List<WeekdayHour> weekdayHours, List<ClientTypeShare> clientTypes, List<LibraryStats> libraries,
            Map<UUID, MediaRanking> mostPlayed, Map<UUID, MediaRanking> popular, List<String> jobKinds,
            List<JobRun> jobHistory, List<ImportReport> imports) {
        this(generatedAt, enabled, system, playsByDay, weekdayHours, clientTypes, libraries, mostPlayed, popular, jobKinds,
                jobHistory, imports, null);
    }

    static final Duration DAYS_PERIOD = Duration.ofDays(30);
    /** Four whole weeks, so every weekday counts the same number of days. */
    static final Duration HEAT_PERIOD = Duration.ofDays(28);
    static final Duration CLIENT_PERIOD = Duration.ofDays(30);
    static final Duration TOP_PERIOD = Duration.ofDays(7);
    static final Duration POPULAR_PERIOD = Duration.ofDays(30);
    static final Duration ACTIVE_PERIOD = Duration.ofHours(1);
    static final Duration COMPLETION_PERIOD = Duration.ofDays(30);
    static final Duration METRICS_PERIOD = Duration.ofHours(24);
    static final Duration GROWTH_PERIOD = Duration.ofDays(365);
    static final int TOP_ITEMS = 5;
    static final int JOB_RUNS = 10;
    static final int IMPORTS = 10;

    /**
     * Runs the queries side by side on {@code executor}, so the page costs about its slowest query.
     *
     * @param admin    the admin service, or {@code null}
     * @param importer the importer, or {@code null}
     */
    static Dashboard load(AnalyticsService analytics, AnalyticsAdmin admin, AnalyticsImporter importer, Executor executor) {
        var system = async(analytics::getSystemStats, executor);
        var days = async(() -> analytics.getPlaysByDay(DAYS_PERIOD), executor);
        var heat = async(() -> analytics.getPlaysByWeekdayAndHour(HEAT_PERIOD), executor);
        var clients = async(() -> analytics.getClientTypes(CLIENT_PERIOD), executor);
        var jobs = async(() -> analytics.getJobHistory(JOB_RUNS), executor);
        var active = async(() -> analytics.getActiveUsers(ACTIVE_PERIOD), executor);
        var completion = async(() -> analytics.getCompletionRates(COMPLETION_PERIOD), executor);
        var metrics = async(() -> analytics.getSystemMetrics(METRICS_PERIOD), executor);
        var methods = async(() -> analytics.getPlayMethods(DAYS_PERIOD), executor);
        var peaks = async(() -> analytics.getPeakStreamsByDay(DAYS_PERIOD), executor);
        var imports = importer == null ? CompletableFuture.completedFuture(List.<ImportReport>of())
                : async(() -> importer.getImports(IMPORTS), executor);
        List<LibraryStats> libraries = analytics.getLibraries();
        Map<UUID, CompletableFuture<MediaRanking>> top = new LinkedHashMap<>();
        Map<UUID, CompletableFuture<MediaRanking>> popular = new LinkedHashMap<>();
        Map<UUID, CompletableFuture<List<LibraryDay>>> growth = new LinkedHashMap<>();
        for (LibraryStats library : libraries) {
            growth.put(library.libraryId(), async(() -> analytics.getLibraryHistory(library.libraryId(), GROWTH_PERIOD), executor));
            top.put(library.libraryId(), async(() -> analytics.getMostWatched(library.libraryId(), TOP_PERIOD, TOP_ITEMS), executor));
            popular.put(library.libraryId(),
                    async(() -> analytics.getMostPopular(library.libraryId(), POPULAR_PERIOD, TOP_ITEMS), executor));
        }
        Boolean enabled = admin == null ? null : admin.isEnabled();
        List<String> kinds = admin == null ? List.of() : admin.getJobKinds();
        Long quarantined = admin == null ? null : admin.countQuarantined();
        return new Dashboard(Instant.now(), enabled, join(system), join(days), join(heat), join(clients), libraries,
                joinAll(top), joinAll(popular), kinds, join(jobs), join(imports), quarantined,
                new Now(join(active), join(completion), join(metrics), joinAll(growth), join(methods), join(peaks)));
    }

    private static <T> CompletableFuture<T> async(Supplier<T> query, Executor executor) {
        return CompletableFuture.supplyAsync(query, executor);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static <K, V> Map<K, V> joinAll(Map<K, CompletableFuture<V>> futures) {
        Map<K, V> values = new LinkedHashMap<>();
        futures.forEach((key, future) -> values.put(key, join(future)));
        return values;
    }
}
