package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.YearInReview;

/**
 * The year in review over 2026 in Europe/Berlin, with plays around both New Year's nights (a play
 * at 23:30 UTC on New Year's Eve is next year's in Berlin) and the daylight-saving nights, checked
 * against the same figures counted in Java from the plays of the year's local days. A user's year
 * is there only once they keep it, outlives the raw plays it was counted from, and goes when they
 * stop keeping it or are erased.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YearInReviewTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2026-12-31T12:00:00Z");
    static final UUID ANNA = new UUID(5, 1);
    static final UUID BEN = new UUID(5, 2);
    /** Plays only in June: none on the last day, after her summary. */
    static final UUID CARA = new UUID(5, 3);
    static final UUID[] LIBRARIES = {new UUID(6, 1), new UUID(6, 2)};

    final List<PlaybackEvent> plays = new ArrayList<>();
    DataSource database;
    AnalyticsStore store;
    IngestPipeline pipeline;
    Settings settings;
    LocalAnalyticsService service;
    LocalAnalyticsAdmin admin;
    JobRunner jobs;

    @BeforeAll
    void aYearOfPlays(@TempDir Path journal) throws Exception {
        database = Databases.migrated("year");
        store = AnalyticsStore.over(database);
        settings = Settings.from(TestConfigs.analytics(Map.of("timezone", BERLIN.getId())));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        // every 31 hours from late on 2025-12-31 (UTC), so the plays walk round the clock and the week
        int i = 0;
        for (Instant start = Instant.parse("2025-12-31T20:30:00Z"); start.isBefore(NOW); start = start.plus(Duration.ofHours(31)), i++) {
            add(i, start);
        }
        // the nights that count: New Year in Berlin, and the daylight-saving changes
        for (String start : List.of("2025-12-31T22:59:59Z", "2025-12-31T23:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z",
                "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-12-31T11:00:00Z")) {
            add(i++, Instant.parse(start));
        }
        for (int day = 1; day <= 3; day++) {
            Instant start = Instant.parse("2026-06-0" + day + "T19:00:00Z");
            plays.add(new PlaybackEvent(UUID.randomUUID(), CARA, new UUID(7, day), LIBRARIES[0], MediaType.MOVIE, start,
                    start.plusSeconds(3000), 2900, true, "web"));
        }
        Databases.storePlays(store, plays, BERLIN);
        pipeline = new IngestPipeline(settings, journal, clock);
        pipeline.bindStore(store);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        jobs = JobRunner.standalone(store, settings, clock, "year-test");
        admin = new LocalAnalyticsAdmin(store, pipeline, jobs, null, settings, clock);
    }

    private void add(int i, Instant start) {
        UUID user = i % 3 == 0 ? BEN : ANNA;
        UUID library = LIBRARIES[i % 2];
        plays.add(new PlaybackEvent(UUID.randomUUID(), user, new UUID(7 + i % 2, i % 11), library, i % 2 == 0 ? MediaType.MOVIE : MediaType.TRACK,
                start, start.plusSeconds(600), 100 + i % 50, i % 4 == 0, "web"));
    }

    @AfterAll
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    @Order(1)
    void theServersYearIsTheYearOfItsLocalDays() {
        YearInReview review = service.getYearInReview(2026);

        assertMatches(review, plays.stream().filter(p -> LocalDate.ofInstant(p.startedAt(), BERLIN).getYear() == 2026).toList(), true);
        assertThat(review.from()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(review.to()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
        assertThat(review.firstPlayAt()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(review.userId()).isNull();
        assertThat(service.getYearInReview(2025).plays()).isEqualTo(2);
        assertThat(service.getYearInReview(2024).plays()).isZero();
        assertThat(service.getYearInReview(2024).busiestWeekday()).isNull();
        assertThatThrownBy(() -> service.getYearInReview(1969)).hasMessage("year: must be from 1970 to 9999, was 1969");
    }

    @Test
    @Order(2)
    void aUsersYearIsThereOnlyOnceTheyKeepIt() {
        assertThat(service.getUserYearInReview(ANNA, 2026)).isEmpty();
        assertThat(admin.isKeepingYear(ANNA)).isFalse();

        admin.setKeepingYear(ANNA, true);

        YearInReview mine = service.getUserYearInReview(ANNA, 2026).orElseThrow();
        assertMatches(mine, annasPlaysOf2026(), false);
        assertThat(mine.shareOfServerPlays()).as("no comparison unless an admin allows it").isNull();
        assertThat(service.getUserYearInReview(BEN, 2026)).isEmpty();
    }

    @Test
    @Order(2)
    void aKeptYearWithNoPlayAfterItsSummaryIsThereToo() {
        admin.setKeepingYear(CARA, true);

        YearInReview hers = service.getUserYearInReview(CARA, 2026).orElseThrow();

        assertMatches(hers, plays.stream().filter(p -> p.userId().equals(CARA)).toList(), false);
        assertThat(hers.firstPlayAt()).isEqualTo(Instant.parse("2026-06-01T19:00:00Z"));
        admin.setKeepingYear(CARA, false);
    }

    @Test
    @Order(3)
    void theKeptYearOutlivesTheRawPlaysAndCountsEachDayOnce() throws Exception {
        // the aggregation of the last days again: a day already counted is not counted twice
        jobs.aggregate(LocalDate.of(2026, 12, 30), settings);
        jobs.aggregate(LocalDate.of(2026, 12, 29), settings);
        // the raw plays before the last week pass their retention
        Databases.execute(database, "DELETE FROM playback_events WHERE started_at < '2026-12-24T00:00Z'");

        YearInReview mine = service.getUserYearInReview(ANNA, 2026).orElseThrow();

        assertMatches(mine, annasPlaysOf2026(), false);
        assertThat(mine.firstPlayAt()).isEqualTo(annasPlaysOf2026().get(0).startedAt());
    }

    @Test
    @Order(4)
    void stoppingOrErasureLeavesNoSummary() {
        admin.setKeepingYear(BEN, true);
        assertThat(count("user_year_days", BEN)).isPositive();
        admin.setKeepingYear(BEN, false);
        for (String table : List.of("user_year_keep", "user_year_summary", "user_year_days", "user_year_hours", "user_year_items")) {
            assertThat(count(table, BEN)).as(table).isZero();
        }
        assertThat(count("user_year_items", ANNA)).isPositive();

        admin.eraseUser(ANNA);

        for (String table : List.of("user_year_keep", "user_year_summary", "user_year_days", "user_year_hours", "user_year_items")) {
            assertThat(count(table, ANNA)).as(table).isZero();
        }
        assertThat(service.getUserYearInReview(ANNA, 2026)).isEmpty();
    }

    private long count(String table, UUID user) {
        try {
            return Databases.count(database, "SELECT count(*) FROM " + table + " WHERE user_id = '" + user + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<PlaybackEvent> annasPlaysOf2026() {
        return plays.stream().filter(p -> p.userId().equals(ANNA) && LocalDate.ofInstant(p.startedAt(), BERLIN).getYear() == 2026)
                .sorted(Comparator.comparing(PlaybackEvent::startedAt)).toList();
    }

    /** The review against the same figures counted in Java from the plays. */
    private static void assertMatches(YearInReview review, List<PlaybackEvent> year, boolean server) {
        TreeMap<LocalDate, Long> days = new TreeMap<>();
        Map<Integer, Long> hours = new TreeMap<>();
        Map<DayOfWeek, Long> weekdays = new TreeMap<>();
        long[] months = new long[12];
        Map<UUID, Long> items = new HashMap<>();
        for (PlaybackEvent play : year) {
            ZonedDateTime local = play.startedAt().atZone(BERLIN);
            days.merge(local.toLocalDate(), 1L, Long::sum);
            hours.merge(local.getHour(), 1L, Long::sum);
            weekdays.merge(local.getDayOfWeek(), 1L, Long::sum);
            months[local.getMonthValue() - 1]++;
            items.merge(play.mediaId(), 1L, Long::sum);
        }
        int longest = 0;
        int run = 0;
        LocalDate previous = null;
        for (LocalDate day : days.keySet()) {
            run = previous != null && previous.plusDays(1).equals(day) ? run + 1 : 1;
            longest = Math.max(longest, run);
            previous = day;
        }
        assertThat(review.year()).isEqualTo(2026);
        assertThat(review.plays()).isEqualTo(year.size());
        assertThat(review.completedPlays()).isEqualTo(year.stream().filter(PlaybackEvent::completed).count());
        assertThat(review.watchTimeSec()).isEqualTo(year.stream().mapToLong(PlaybackEvent::durationSec).sum());
        assertThat(review.activeDays()).isEqualTo(days.size());
        assertThat(review.longestStreakDays()).isEqualTo(longest);
        assertThat(review.distinctItems()).isEqualTo(items.size());
        assertThat(weekdays.get(review.busiestWeekday())).isEqualTo(weekdays.values().stream().max(Long::compare).orElseThrow());
        assertThat(hours.get(review.busiestHour())).isEqualTo(hours.values().stream().max(Long::compare).orElseThrow());
        assertThat(review.months()).extracting(YearInReview.MonthActivity::plays).containsExactly(
                java.util.Arrays.stream(months).boxed().toArray(Long[]::new));
        assertThat(review.lastPlayAt()).isEqualTo(year.stream().map(PlaybackEvent::startedAt).max(Comparator.naturalOrder()).orElseThrow());
        // each library's five most played, with the plays the Java count gives them
        assertThat(new TreeSet<>(review.topItems().stream().map(MediaStats::libraryId).toList())).hasSizeLessThanOrEqualTo(2);
        assertThat(review.topItems()).hasSizeLessThanOrEqualTo(10).allSatisfy(item -> {
            assertThat(item.plays()).isEqualTo(items.get(item.mediaId()));
            assertThat(item.distinctUsers()).isEqualTo(server ? 0 : 1);
        });
        for (UUID library : LIBRARIES) {
            List<Long> best = year.stream().filter(p -> p.libraryId().equals(library)).map(PlaybackEvent::mediaId).distinct()
                    .map(items::get).sorted(Comparator.reverseOrder()).limit(5).toList();
            assertThat(review.topItems().stream().filter(item -> item.libraryId().equals(library)).map(MediaStats::plays).toList())
                    .isEqualTo(best);
        }
    }
}
