package org.revenge.analytics.internal.admin.console;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.JvmStats;
import org.revenge.analytics.spi.LibraryDay;
import org.revenge.analytics.spi.LibraryGrowth;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.Measure;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.MetricHour;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethodShare;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.spi.WeekdayHour;

/** Dashboards as the SPI would answer them: one full of figures, one of a plugin that has recorded nothing. */
final class Dashboards {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final UUID MOVIES = UUID.fromString("0a0a0a0a-0000-4000-8000-000000000001");
    static final UUID SHOWS = UUID.fromString("0b0b0b0b-0000-4000-8000-000000000002");
    static final UUID ALICE = UUID.fromString("0c0c0c0c-0000-4000-8000-000000000003");
    static final UUID BOB = UUID.fromString("0d0d0d0d-0000-4000-8000-000000000004");

    private Dashboards() {
    }

    static Dashboard full() {
        List<DailyActivity> days = new ArrayList<>();
        for (int i = 29; i >= 0; i--) {
            long plays = 20 + (i * 7) % 13;
            days.add(new DailyActivity(LocalDate.of(2026, 11, 24).minusDays(i), plays, plays / 2, plays * 1800));
        }
        List<WeekdayHour> cells = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            for (int hour = 17; hour < 24; hour++) {
                cells.add(new WeekdayHour(day, hour, 1 + (hour * day.getValue()) % 9, 3600));
            }
        }
        List<ClientTypeShare> clients = List.of(new ClientTypeShare("web", 300, 400_000, 6), new ClientTypeShare("android-tv", 120, 200_000, 3),
                new ClientTypeShare("kodi", 40, 90_000, 1));
        List<LibraryStats> libraries = List.of(
                new LibraryStats(MOVIES, LocalDate.of(2026, 11, 24), 1200, 3L << 40, 12, 3, 20, NOW.minusSeconds(3600),
                        List.of(new LibraryGrowth(1, LocalDate.of(2026, 11, 23), 2, 1L << 30, 2),
                                new LibraryGrowth(7, LocalDate.of(2026, 11, 17), 15, 9L << 30, 18),
                                new LibraryGrowth(30, LocalDate.of(2026, 10, 25), 60, 40L << 30, 70))),
                new LibraryStats(SHOWS, LocalDate.of(2026, 11, 24), 5400, 8L << 40, 40, 0, 110, NOW.minusSeconds(7200),
                        List.of(new LibraryGrowth(7, LocalDate.of(2026, 11, 17), 100, 20L << 30, 110),
                                new LibraryGrowth(30, LocalDate.of(2026, 10, 25), 400, 80L << 30, 420))));
        Map<UUID, MediaRanking> top = new LinkedHashMap<>();
        Map<UUID, MediaRanking> popular = new LinkedHashMap<>();
        for (LibraryStats library : libraries) {
            List<MediaStats> items = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                items.add(new MediaStats(new UUID(library.libraryId().getMostSignificantBits(), i), library.libraryId(), MediaType.MOVIE,
                        50 - i * 8, 30 - i * 5, 90_000 - i * 9000, 8 - i, NOW.minusSeconds(i * 600L)));
            }
            top.put(library.libraryId(), new MediaRanking(library.libraryId(), Measure.PLAYS, NOW.minus(Duration.ofDays(6)), NOW, items));
            popular.put(library.libraryId(), new MediaRanking(library.libraryId(), Measure.DISTINCT_USERS, NOW.minus(Duration.ofDays(29)), NOW, items));
        }
        List<JobRun> jobs = List.of(new JobRun("analytics.aggregate_daily", "2026-11-23", "done", 1, NOW, NOW, NOW.plusSeconds(3), 240L,
                "checked 2026-11-23: 240 rows", null));
        SystemStats system = new SystemStats(NOW, 8, 2, 6600, 42, 310, 36_000, 3, 120L << 20,
                new IngestStats(5000, 12, Map.of("missing user.id", 12L), 2, 0, 4986, Duration.ofMillis(180)), jobs,
                new JvmStats(100L << 20, 1L << 30, 80, 2, Duration.ofHours(5)));
        List<UserActivity> active = List.of(new UserActivity(ALICE, NOW.minusSeconds(300), 2, 1500, true),
                new UserActivity(BOB, NOW.minusSeconds(2400), 1, 900, false));
        List<CompletionRate> completion = List.of(new CompletionRate(null, 460, 230, 0.5),
                new CompletionRate(MediaType.MOVIE, 160, 120, 0.75), new CompletionRate(MediaType.EPISODE, 300, 110, 110 / 300.0));
        List<MetricHour> metrics = new ArrayList<>();
        for (int hour = 23; hour >= 0; hour--) {
            Instant at = NOW.minus(Duration.ofHours(hour));
            metrics.add(new MetricHour("db.size.bytes", at, 60, (100L << 20) + hour, (100L << 20) + hour, (101L << 20)));
            metrics.add(new MetricHour("jvm.heap.used.bytes", at, 60, 50L << 20, (80L + hour) << 20, (120L + hour) << 20));
            metrics.add(new MetricHour("jvm.load.average", at, 60, 0.25, 0.75, 1.5));
        }
        metrics.sort(java.util.Comparator.comparing(MetricHour::metric).thenComparing(MetricHour::hour));
        return new Dashboard(NOW, true, system, days, cells, clients, libraries, top, popular,
                List.of("analytics.aggregate_daily", "analytics.retention"), jobs,
                List.of(new ImportReport(1, ImportSource.TAUTULLI, "tautulli.db", NOW, NOW.plusSeconds(40), "completed", 9, 3, 2,
                        4940, new java.util.LinkedHashMap<>(Map.of("below-minimum", 2L)), null)), null,
                new Dashboard.Now(active, completion, metrics, Map.of(
                        MOVIES, List.of(grown(-400, 1000), grown(-200, 1100), grown(-30, 1140), grown(-7, 1185), grown(0, 1200)),
                        SHOWS, List.of(grown(-100, 5000), grown(-1, 5400))),
                        List.of(new PlayMethodShare("direct-play", 300, 500_000), new PlayMethodShare("transcode", 100, 150_000),
                                new PlayMethodShare("unknown", 60, 40_000)),
                        peaks()));
    }

    /** 30 days of peaks: 1 to 4 plays at once, each at 20:00 and some minutes. */
    static List<PeakStreams> peaks() {
        List<PeakStreams> peaks = new ArrayList<>();
        for (int i = 29; i >= 0; i--) {
            LocalDate day = LocalDate.of(2026, 11, 24).minusDays(i);
            peaks.add(new PeakStreams(day, 1 + i % 4, day.atTime(20, i).toInstant(java.time.ZoneOffset.UTC)));
        }
        return peaks;
    }

    /** A library's scanned day {@code days} from the dashboard's day (negative: before), with its items. */
    static LibraryDay grown(int days, long items) {
        return new LibraryDay(LocalDate.of(2026, 11, 24).plusDays(days), items, items << 30, 0);
    }

    static Dashboard empty() {
        List<DailyActivity> days = new ArrayList<>();
        for (int i = 29; i >= 0; i--) {
            days.add(new DailyActivity(LocalDate.of(2026, 11, 24).minusDays(i), 0, 0, 0));
        }
        LibraryStats library = new LibraryStats(MOVIES, LocalDate.of(2026, 11, 24), 0, 0, 0, 0, 0, NOW, List.of());
        MediaRanking none = new MediaRanking(MOVIES, Measure.PLAYS, NOW, NOW, List.of());
        SystemStats system = new SystemStats(NOW, 0, 1, 0, 0, 0, 0, 0, 8L << 20, new IngestStats(0, 0, Map.of(), 0, 0, 0, Duration.ZERO),
                List.of(), new JvmStats(1, 2, 3, 4, Duration.ofMinutes(1)));
        return new Dashboard(NOW, false, system, days, List.of(), List.of(), List.of(library), Map.of(MOVIES, none), Map.of(MOVIES, none),
                List.of("analytics.aggregate_daily"), List.of(), List.of());
    }
}
