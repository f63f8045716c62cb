package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.DailyUsers;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.ItemActivity;
import org.revenge.analytics.spi.LibraryDay;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.Measure;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.spi.UserStats;

/** The service and its mappers against a real, migrated PostgreSQL database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAnalyticsServiceTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    DataSource database;
    IngestPipeline pipeline;
    LocalAnalyticsService service;

    static Settings settings(boolean enabled) {
        return Settings.from(TestConfigs.analytics(Map.of("timezone", ZONE.getId(), "enabled", enabled)));
    }

    @BeforeAll
    void migrate(@TempDir Path journal) throws Exception {
        database = Databases.migrated("service");
        AnalyticsStore store = AnalyticsStore.over(database);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        pipeline = new IngestPipeline(settings(true), journal, clock);
        pipeline.bindStore(store);
        service = new LocalAnalyticsService(store, pipeline, settings(true), clock);
    }

    @AfterAll
    void stop() throws Exception {
        pipeline.close();
    }

    /** Records a play and waits until it is in the database. */
    void record(PlaybackEvent play) {
        service.recordPlayback(play);
        await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);
    }

    void recordAll(List<PlaybackEvent> plays) {
        plays.forEach(service::recordPlayback);
        await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);
    }

    void scan(UUID library, ScanStats stats) {
        service.recordLibraryScan(library, stats);
        await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);
    }

    static PlaybackEvent play(UUID user, UUID media, UUID library, Instant start, int seconds, boolean completed) {
        return new PlaybackEvent(UUID.randomUUID(), user, media, library, MediaType.MOVIE, start,
                start.plusSeconds(seconds + 30), seconds, completed, "web");
    }

    /** The first instant of today in the zone: in a 1-day window whatever the time of day. */
    static Instant startOfToday() {
        return LocalDate.ofInstant(NOW, ZONE).atStartOfDay(ZONE).toInstant();
    }

    long rows(String where) throws SQLException {
        return Databases.count(database, "SELECT count(*) FROM playback_events WHERE " + where);
    }

    @Nested
    class Recording {

        @Test
        void aRecordedPlayIsReadBackAsRecentlyWatched() {
            UUID user = UUID.randomUUID();
            PlaybackEvent play = play(user, UUID.randomUUID(), UUID.randomUUID(), NOW.minusSeconds(7200), 3000, true);

            record(play);

            assertThat(service.getRecentlyWatched(user, 10)).containsExactly(new MediaStats(play.mediaId(),
                    play.libraryId(), MediaType.MOVIE, 1, 1, 3000, 1, play.startedAt()));
        }

        @Test
        void recordingTheSamePlayTwiceStoresOneRow() throws SQLException {
            PlaybackEvent play = play(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), NOW.minusSeconds(600), 300, false);

            record(play);
            record(play);

            assertThat(rows("user_id = '" + play.userId() + "'")).isEqualTo(1);
        }

        @Test
        void aLaterReportOfTheSamePlayMovesItForwardButNeverBack() throws SQLException {
            UUID user = UUID.randomUUID();
            Instant start = NOW.minusSeconds(4000);
            PlaybackEvent open = new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                    MediaType.EPISODE, start, null, 600, false, null);
            PlaybackEvent ended = new PlaybackEvent(open.id(), user, open.mediaId(), open.libraryId(), MediaType.EPISODE,
                    start, start.plusSeconds(2000), 1900, true, null);

            record(open);
            record(ended);
            record(open);

            assertThat(rows("user_id = '" + user + "' AND ended_sec = 2000 AND duration_sec = 1900 AND completed")).isEqualTo(1);
            assertThat(rows("user_id = '" + user + "'")).isEqualTo(1);
        }

        @Test
        void aPlayOnADayWithoutPartitionCreatesThePartition() throws SQLException {
            Instant longAgo = NOW.minus(Duration.ofDays(60));
            String partition = "playback_events_p" + LocalDate.ofInstant(longAgo, ZoneOffset.UTC).toString().replace("-", "");

            record(play(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), longAgo, 100, false));

            assertThat(Databases.count(database, "SELECT count(*) FROM pg_class WHERE relname = '" + partition + "'")).isEqualTo(1);
        }

        @Test
        void anInvalidPlayStoresNothingAndIsCountedByReason() throws SQLException {
            UUID user = UUID.randomUUID();
            PlaybackEvent bad = new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                    MediaType.TRACK, NOW.minusSeconds(100), null, -5, false, null);

            assertThatThrownBy(() -> record(bad))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("event.durationSec: must not be negative");
            assertThat(rows("user_id = '" + user + "'")).isZero();
            assertThat(service.getSystemStats().ingest().rejectedByReason())
                    .containsKey("event.durationSec: must not be negative, was N");
        }
    }

    @Nested
    class MostWatched {

        @Test
        void ranksByPlaysThenWatchTimeThenId() {
            UUID library = UUID.randomUUID();
            UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
            UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
            UUID c = UUID.fromString("00000000-0000-0000-0000-00000000000c");
            UUID d = UUID.fromString("00000000-0000-0000-0000-00000000000d");
            // a 1-day window is today in the zone: today's first second is in it at any hour
            Instant t = startOfToday();
            record(play(UUID.randomUUID(), c, library, t, 100, false));
            record(play(UUID.randomUUID(), c, library, t, 100, true));
            record(play(UUID.randomUUID(), b, library, t, 50, false));
            record(play(UUID.randomUUID(), a, library, t, 50, false));
            record(play(UUID.randomUUID(), d, library, t, 70, false));
            record(play(UUID.randomUUID(), d, UUID.randomUUID(), t, 70, false));

            MediaRanking ranking = service.getMostWatched(library, Duration.ofDays(1), 10);

            assertThat(ranking.rankedBy()).isEqualTo(Measure.PLAYS);
            assertThat(ranking.items()).extracting(MediaStats::mediaId).containsExactly(c, d, a, b);
            assertThat(ranking.items().get(0).plays()).isEqualTo(2);
            assertThat(ranking.items().get(0).completedPlays()).isEqualTo(1);
            assertThat(ranking.items().get(0).distinctUsers()).isEqualTo(2);
            assertThat(service.getMostWatched(library, Duration.ofDays(1), 2).items()).hasSize(2);
        }

        @Test
        void mostPopularRanksByDistinctUsers() {
            UUID library = UUID.randomUUID();
            UUID a = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
            UUID b = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
            UUID fan = UUID.randomUUID();
            Instant t = startOfToday();
            recordAll(List.of(play(fan, a, library, t, 100, false), play(fan, a, library, t.plusSeconds(1), 100, false),
                    play(fan, a, library, t.plusSeconds(2), 100, false), play(UUID.randomUUID(), b, library, t, 100, false),
                    play(UUID.randomUUID(), b, library, t, 100, false)));

            MediaRanking popular = service.getMostPopular(library, Duration.ofDays(1), 10);

            assertThat(popular.rankedBy()).isEqualTo(Measure.DISTINCT_USERS);
            assertThat(popular.items()).extracting(MediaStats::mediaId).containsExactly(b, a);
            assertThat(service.getMostWatched(library, Duration.ofDays(1), 10).items()).extracting(MediaStats::mediaId)
                    .containsExactly(a, b);
        }

        @Test
        void trendingComparesTheLastDayWithTheWeekBefore() {
            UUID library = UUID.randomUUID();
            UUID rising = UUID.randomUUID();
            UUID steady = UUID.randomUUID();
            UUID small = UUID.randomUUID();
            List<PlaybackEvent> plays = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                plays.add(play(UUID.randomUUID(), rising, library, NOW.minus(Duration.ofHours(2 + i)), 100, false));
            }
            for (int i = 0; i < 7; i++) {
                plays.add(play(UUID.randomUUID(), steady, library, NOW.minus(Duration.ofHours(2 + i)), 100, false));
            }
            for (int day = 1; day <= 7; day++) {
                for (int i = 0; i < 7; i++) {
                    plays.add(play(UUID.randomUUID(), steady, library, NOW.minus(Duration.ofDays(day).plusHours(2 + i)), 100, false));
                }
            }
            plays.add(play(UUID.randomUUID(), small, library, NOW.minus(Duration.ofHours(3)), 100, false));
            plays.add(play(UUID.randomUUID(), small, library, NOW.minus(Duration.ofHours(4)), 100, false));
            recordAll(plays);

            MediaRanking trending = service.getTrending(library, 10);

            assertThat(trending.rankedBy()).isEqualTo(Measure.TRENDING);
            assertThat(trending.items()).extracting(MediaStats::mediaId).containsExactly(rising, small);
            assertThat(trending.items().get(0).plays()).isEqualTo(5);
            assertThatThrownBy(() -> service.getTrending(null, 5)).hasMessage("libraryId: is required");
        }

        @Test
        void onlyPlaysInsideThePeriodCount() {
            UUID library = UUID.randomUUID();
            UUID media = UUID.randomUUID();
            record(play(UUID.randomUUID(), media, library, NOW.minus(Duration.ofHours(3)), 100, false));
            record(play(UUID.randomUUID(), media, library, NOW.minus(Duration.ofDays(3)), 100, false));

            assertThat(service.getMostWatched(library, Duration.ofHours(4), 5).items().get(0).plays()).isEqualTo(1);
            assertThat(service.getMostWatched(library, Duration.ofDays(7), 5).items().get(0).plays()).isEqualTo(2);
            assertThat(service.getMostWatched(library, Duration.ofHours(1), 5).items()).isEmpty();
        }

        @Test
        void badArgumentsAreNamed() {
            assertThatThrownBy(() -> service.getMostWatched(null, Duration.ofDays(1), 5)).hasMessage("libraryId: is required");
            assertThatThrownBy(() -> service.getMostWatched(UUID.randomUUID(), Duration.ofMinutes(5), 5))
                    .hasMessageStartingWith("period: must be between 1 hour");
            assertThatThrownBy(() -> service.getMostWatched(UUID.randomUUID(), Duration.ofDays(1), 0))
                    .hasMessage("limit: must be at least 1, was 0");
        }
    }

    @Nested
    class AnItem {

        @Test
        void itsDaysUsersAndCompletionOverWholeDaysOfTheZone() {
            UUID library = UUID.randomUUID();
            UUID item = UUID.randomUUID();
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            LocalDate today = LocalDate.ofInstant(NOW, ZONE);
            Instant startOfToday = today.atStartOfDay(ZONE).toInstant();
            Instant threeDaysAgo = today.minusDays(3).atTime(12, 0).atZone(ZONE).toInstant();
            Instant tenDaysAgo = today.minusDays(10).atTime(12, 0).atZone(ZONE).toInstant();
            recordAll(List.of(play(alice, item, library, tenDaysAgo, 1000, true),
                    play(bob, item, library, threeDaysAgo, 600, false),
                    play(alice, item, library, threeDaysAgo.plusSeconds(3600), 2000, true),
                    play(bob, item, library, startOfToday, 50, false),
                    play(bob, UUID.randomUUID(), library, threeDaysAgo.plusSeconds(7200), 999, true)));

            ItemActivity week = service.getItemActivity(library, item, Duration.ofDays(7));
            assertThat(week.days()).extracting(DailyActivity::date, DailyActivity::plays, DailyActivity::completedPlays,
                    DailyActivity::watchTimeSec).containsExactly(tuple(today.minusDays(3), 2L, 1L, 2600L), tuple(today, 1L, 0L, 50L));
            assertThat(week).extracting(ItemActivity::plays, ItemActivity::completedPlays, ItemActivity::watchTimeSec,
                    ItemActivity::distinctUsers, ItemActivity::mediaType).containsExactly(3L, 1L, 2650L, 2L, MediaType.MOVIE);
            ItemActivity month = service.getItemActivity(library, item, Duration.ofDays(30));
            assertThat(month.plays()).isEqualTo(4);
            assertThat(month.days()).hasSize(3);
            assertThat(service.getItemActivity(library, item, Duration.ofDays(1)).distinctUsers()).as("only bob today").isEqualTo(1);
            ItemActivity none = service.getItemActivity(library, UUID.randomUUID(), Duration.ofDays(30));
            assertThat(none).extracting(ItemActivity::plays, ItemActivity::distinctUsers, ItemActivity::mediaType,
                    ItemActivity::lastPlayedAt).containsExactly(0L, 0L, null, null);
            assertThatThrownBy(() -> service.getItemActivity(library, item, Duration.ofHours(2)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("period");
            assertThatThrownBy(() -> service.getItemActivity(null, item, Duration.ofDays(2)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("libraryId");
        }
    }

    @Nested
    class DistinctUsersByDay {

        @Test
        void eachDayCountsItsUsersOnceZerosIncluded() throws SQLException {
            LocalDate today = LocalDate.ofInstant(NOW, ZONE);
            Instant startOfToday = today.atStartOfDay(ZONE).toInstant();
            Map<LocalDate, Long> before = Map.copyOf(service.getDistinctUsersByDay(Duration.ofDays(7)).stream()
                    .collect(java.util.stream.Collectors.toMap(DailyUsers::date, DailyUsers::distinctUsers)));
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            Instant threeDaysAgo = today.minusDays(3).atTime(12, 0).atZone(ZONE).toInstant();
            recordAll(List.of(play(alice, UUID.randomUUID(), UUID.randomUUID(), startOfToday, 60, false),
                    play(alice, UUID.randomUUID(), UUID.randomUUID(), startOfToday.plusSeconds(1), 60, false),
                    play(bob, UUID.randomUUID(), UUID.randomUUID(), startOfToday.plusSeconds(2), 60, false),
                    play(alice, UUID.randomUUID(), UUID.randomUUID(), threeDaysAgo, 60, false)));

            List<DailyUsers> week = service.getDistinctUsersByDay(Duration.ofDays(7));

            assertThat(week).extracting(DailyUsers::date).as("every day, oldest first").containsExactlyElementsOf(
                    today.minusDays(6).datesUntil(today.plusDays(1)).toList());
            assertThat(week).allSatisfy(day -> assertThat(day.distinctUsers() - before.getOrDefault(day.date(), 0L)).as(day.date().toString())
                    .isEqualTo(day.date().equals(today) ? 2 : day.date().equals(today.minusDays(3)) ? 1 : 0));
            // a period under a day counts from the plays within it, against plain SQL
            long lastHours = Databases.count(database, "SELECT count(DISTINCT user_id) FROM playback_events WHERE started_at >= '"
                    + NOW.minus(Duration.ofHours(2)) + "' AND started_at < '" + NOW + "' AND (started_at AT TIME ZONE '" + ZONE.getId()
                    + "')::date = '" + today + "'");
            assertThat(service.getDistinctUsersByDay(Duration.ofHours(2))).last().extracting(DailyUsers::distinctUsers).isEqualTo(lastHours);
            assertThatThrownBy(() -> service.getDistinctUsersByDay(Duration.ofDays(401))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("period");
        }
    }

    @Nested
    class Users {

        @Test
        void recentlyWatchedListsDistinctItemsLatestFirst() {
            UUID user = UUID.randomUUID();
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            UUID library = UUID.randomUUID();
            record(play(user, first, library, NOW.minus(Duration.ofHours(10)), 100, false));
            record(play(user, second, library, NOW.minus(Duration.ofHours(8)), 100, false));
            record(play(user, first, library, NOW.minus(Duration.ofHours(6)), 200, true));

            List<MediaStats> recent = service.getRecentlyWatched(user, 10);

            assertThat(recent).extracting(MediaStats::mediaId).containsExactly(first, second);
            assertThat(recent.get(0).plays()).isEqualTo(2);
            assertThat(recent.get(0).watchTimeSec()).isEqualTo(300);
            assertThat(service.getRecentlyWatched(user, 1)).hasSize(1);
            assertThatThrownBy(() -> service.getRecentlyWatched(null, 1)).hasMessage("userId: is required");
        }

        @Test
        void userStatsCountEachItemOnceAndSplitDaysInTheConfiguredZone() {
            UUID user = UUID.randomUUID();
            UUID media = UUID.randomUUID();
            UUID library = UUID.randomUUID();
            // 23:30 UTC is already the next day in Berlin
            Instant lateEvening = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(3).atTime(23, 30).toInstant(ZoneOffset.UTC);
            record(play(user, media, library, lateEvening, 600, true));
            record(play(user, media, library, lateEvening.plus(Duration.ofDays(1)), 400, false));

            UserStats stats = service.getUserStats(user, Duration.ofDays(30));

            assertThat(stats.plays()).isEqualTo(2);
            assertThat(stats.completedPlays()).isEqualTo(1);
            assertThat(stats.watchTimeSec()).isEqualTo(1000);
            assertThat(stats.uniqueItems()).isEqualTo(1);
            LocalDate berlinDay = LocalDate.ofInstant(lateEvening, ZONE);
            assertThat(stats.byDay()).containsExactly(new DailyActivity(berlinDay, 1, 1, 600),
                    new DailyActivity(berlinDay.plusDays(1), 1, 0, 400));
        }

        @Test
        void aUserWhoPlayedNothingHasZeroStats() {
            UserStats stats = service.getUserStats(UUID.randomUUID(), Duration.ofDays(7));
            assertThat(stats.plays()).isZero();
            assertThat(stats.byDay()).isEmpty();
        }

        @Test
        void activeUsersIncludeOpenPlaysStartedBeforeTheWindow() {
            UUID recent = UUID.randomUUID();
            UUID stillPlaying = UUID.randomUUID();
            record(play(recent, UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofMinutes(30)), 60, false));
            record(new PlaybackEvent(UUID.randomUUID(), stillPlaying, UUID.randomUUID(), UUID.randomUUID(),
                    MediaType.TRACK, NOW.minus(Duration.ofHours(3)), null, 0, false, "car"));

            List<UserActivity> active = service.getActiveUsers(Duration.ofHours(1));

            assertThat(active).extracting(UserActivity::userId).contains(recent, stillPlaying);
            assertThat(active).filteredOn(a -> a.userId().equals(stillPlaying)).singleElement()
                    .satisfies(a -> assertThat(a.playingNow()).isTrue())
                    .satisfies(a -> assertThat(a.plays()).isZero());
            assertThat(active).filteredOn(a -> a.userId().equals(recent)).singleElement()
                    .satisfies(a -> assertThat(a.plays()).isEqualTo(1));
        }
    }

    @Nested
    class Libraries {

        @Test
        void theLastScanOfADayWinsAndItsAddedItemsAccumulate() {
            UUID library = UUID.randomUUID();
            Instant morning = NOW.minus(Duration.ofMinutes(50));
            scan(library, new ScanStats(100, 1_000, 5, 1, 10, morning));
            scan(library, new ScanStats(104, 1_040, 3, 0, 4, morning.plusSeconds(600)));
            // a late repeat of the first scan changes nothing
            scan(library, new ScanStats(100, 1_000, 5, 1, 10, morning));

            LibraryStats stats = service.getLibraryStats(library).orElseThrow();

            assertThat(stats.totalItems()).isEqualTo(104);
            assertThat(stats.missingMetadata()).isEqualTo(3);
            assertThat(stats.orphanedFiles()).isZero();
            assertThat(stats.recentlyAdded()).isEqualTo(14);
        }

        @Test
        void growthComparesWithTheSnapshotAtEachLookBack() {
            UUID library = UUID.randomUUID();
            scan(library, new ScanStats(50, 500, 0, 0, 0, NOW.minus(Duration.ofDays(40))));
            scan(library, new ScanStats(80, 800, 0, 0, 30, NOW.minus(Duration.ofDays(10))));
            scan(library, new ScanStats(90, 900, 2, 0, 10, NOW.minus(Duration.ofMinutes(1))));

            LibraryStats stats = service.getLibraryStats(library).orElseThrow();

            assertThat(stats.growth()).extracting(g -> g.days() + ":" + g.itemsDelta() + ":" + g.itemsAdded())
                    .containsExactly("7:10:10", "30:40:40", "365:40:40");
        }

        @Test
        void aLibraryNeverScannedHasNoStats() {
            assertThat(service.getLibraryStats(UUID.randomUUID())).isEmpty();
        }

        @Test
        void itsHistoryStartsWhereTheLibraryStoodAndHasEveryScannedDayOfThePeriod() {
            UUID library = UUID.randomUUID();
            scan(library, new ScanStats(40, 400, 0, 0, 0, NOW.minus(Duration.ofDays(60))));
            scan(library, new ScanStats(50, 500, 0, 0, 10, NOW.minus(Duration.ofDays(40))));
            scan(library, new ScanStats(80, 800, 0, 0, 30, NOW.minus(Duration.ofDays(10))));
            scan(library, new ScanStats(90, 900, 2, 0, 10, NOW.minus(Duration.ofMinutes(1))));

            assertThat(service.getLibraryHistory(library, Duration.ofDays(30))).extracting(LibraryDay::day, LibraryDay::totalItems)
                    .containsExactly(tuple(LocalDate.ofInstant(NOW.minus(Duration.ofDays(40)), ZONE), 50L),
                            tuple(LocalDate.ofInstant(NOW.minus(Duration.ofDays(10)), ZONE), 80L),
                            tuple(LocalDate.ofInstant(NOW.minus(Duration.ofMinutes(1)), ZONE), 90L));
            assertThat(service.getLibraryHistory(library, AnalyticsService.ALL_TIME)).hasSize(4);
            assertThat(service.getLibraryHistory(library, Duration.ofDays(1))).extracting(LibraryDay::day)
                    .as("the day before, then today").containsExactly(LocalDate.ofInstant(NOW.minus(Duration.ofDays(10)), ZONE),
                            LocalDate.ofInstant(NOW.minus(Duration.ofMinutes(1)), ZONE));
            assertThat(service.getLibraryHistory(UUID.randomUUID(), Duration.ofDays(30))).isEmpty();
            assertThatThrownBy(() -> service.getLibraryHistory(library, Duration.ofHours(3))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("period");
        }
    }

    @Nested
    class System {

        @Test
        void totalsAgreeWithPlainSql() throws SQLException {
            record(play(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), NOW.minusSeconds(60), 30, false));
            // a store of its own: the size is a measure kept for a minute, and the class's store measured before
            AnalyticsStore store = AnalyticsStore.over(database);
            LocalAnalyticsService service = new LocalAnalyticsService(store, pipeline, settings(true), Clock.fixed(NOW, ZoneOffset.UTC));

            SystemStats stats = service.getSystemStats();

            assertThat(stats.users()).isEqualTo(Databases.count(database, "SELECT count(DISTINCT user_id) FROM playback_events"));
            // the 7 days are today and the 6 days before it, in the configured zone
            assertThat(stats.plays7d()).isEqualTo(Databases.count(database, "SELECT count(*) FROM playback_events WHERE "
                    + "(started_at AT TIME ZONE '" + ZONE.getId() + "')::date >= '"
                    + java.time.LocalDate.ofInstant(NOW, ZONE).minusDays(6) + "' AND started_at <= '" + NOW + "'"));
            // every table the migrations made counts (this database holds nothing else); the size is
            // read again here, as nothing is written in between
            assertThat(stats.databaseSizeBytes()).isPositive().isEqualTo(Databases.count(database,
                    "SELECT sum(pg_total_relation_size(oid)) FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
                            + "AND relkind = 'r' AND relname NOT LIKE 'analytics_databasechangelog%'"));
            assertThat(stats.ingest().written()).isPositive();
            assertThat(stats.jvm().heapUsedBytes()).isPositive();

            // the measure is given out again for a minute, however the tables grow meanwhile; measured anew on demand
            // a partition of a far day, filled directly and dropped after: nothing else reads it
            Databases.execute(database, "SELECT analytics_ensure_playback_partition('2099-01-01')");
            Databases.execute(database, "INSERT INTO playback_events_p20990101 (started_at, user_id, media_id, library_id, "
                    + "duration_sec, media_type, completed) SELECT '2099-01-01'::timestamptz + g * interval '1 second', "
                    + "gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 1, 1, false FROM generate_series(1, 20000) g");
            try {
                assertThat(service.getSystemStats().databaseSizeBytes()).isEqualTo(stats.databaseSizeBytes());
                assertThat(store.measureDatabaseSize()).isGreaterThan(stats.databaseSizeBytes() + 1_000_000);
                assertThat(service.getSystemStats().databaseSizeBytes()).isGreaterThan(stats.databaseSizeBytes() + 1_000_000);
            } finally {
                Databases.execute(database, "DROP TABLE playback_events_p20990101");
            }
        }
    }

    @Test
    void whenDisabledRecordingIsRefusedButQueriesAnswer() {
        LocalAnalyticsService disabled = new LocalAnalyticsService(AnalyticsStore.over(database), pipeline,
                settings(false), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> disabled.recordPlayback(play(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                NOW.minusSeconds(100), 10, false))).isInstanceOf(AnalyticsDisabledException.class);
        assertThat(disabled.getSystemStats()).isNotNull();
    }

    @Test
    void aDatabaseThatIsGoneGivesStorageUnavailable() {
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        LocalAnalyticsService offline = new LocalAnalyticsService(AnalyticsStore.over(nowhere), pipeline,
                settings(true), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> offline.getRecentlyWatched(UUID.randomUUID(), 5))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("Cannot read the recently watched items: the analytics database failed");
    }
}
