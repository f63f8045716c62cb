package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.ActiveUsersJob;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.testing.MovingClock;

/**
 * {@code getActiveUsers} from the active users job's count ({@link ActiveUsersJob}) against plain
 * SQL over the raw plays: exact at the count's moment, exact for a window that moved on since (plays
 * started after the count, plays that left the window), what it holds of the window's middle as of
 * the count, not read once stale, and erased with the user.
 */
class ActiveUsersCountTest {

    static final Instant COUNTED_AT = Instant.parse("2026-11-20T18:00:00Z");
    static final int USERS = 12;
    /** The plays stored before each test start 30 hours before the count. */
    static final Instant FIRST_PLAY = COUNTED_AT.minus(Duration.ofHours(30));

    final MovingClock clock = new MovingClock(COUNTED_AT);
    final SplittableRandom random = new SplittableRandom(7);
    final List<UUID> users = new ArrayList<>();
    DataSource database;
    AnalyticsStore store;
    JobRunner jobs;
    IngestPipeline pipeline;
    LocalAnalyticsService service;
    LocalAnalyticsAdmin admin;

    @BeforeEach
    void plays(@TempDir Path journal) throws Exception {
        database = Databases.migrated("activeusers");
        store = AnalyticsStore.over(database);
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC")));
        jobs = JobRunner.standalone(store, settings, clock, "test");
        pipeline = new IngestPipeline(settings, journal, clock);
        pipeline.bindStore(store);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        admin = new LocalAnalyticsAdmin(store, pipeline, jobs, null, settings, clock);
        for (int u = 0; u < USERS; u++) {
            users.add(new UUID(11, u));
        }
        // 30 hours of plays up to the count, some still open in its last 90 minutes
        store(plays(FIRST_PLAY, COUNTED_AT, 1_500));
    }

    @AfterEach
    void close() throws Exception {
        pipeline.close();
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(longs = {3_600, 86_400})
    void aCountIsExactAtItsMoment(long seconds) throws SQLException {
        jobs.activeUsers();

        assertThat(Databases.render(service.getActiveUsers(Duration.ofSeconds(seconds)))).isEqualTo(plainSql(seconds));
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(longs = {3_600, 86_400})
    void theWindowMovesOnFromTheCountExactly(long seconds) throws SQLException {
        jobs.activeUsers();
        clock.advance(Duration.ofMinutes(11));
        store(plays(COUNTED_AT, clock.instant(), 60));

        // the plays of the first 11 minutes have left the window, those since the count are in it
        assertThat(Databases.render(service.getActiveUsers(Duration.ofSeconds(seconds)))).isEqualTo(plainSql(seconds));
    }

    @ParameterizedTest(name = "{0} min after the count")
    @ValueSource(ints = {0, 11})
    void aWindowOfAnotherLengthIsExactToo(int minutes) throws SQLException {
        jobs.activeUsers();
        clock.advance(Duration.ofMinutes(minutes));
        Duration window = Duration.ofHours(1).plusMillis(500);

        assertThat(Databases.render(service.getActiveUsers(window))).isEqualTo(Databases.activeUsers(database,
                clock.instant().minus(window), clock.instant(), clock.instant().minusSeconds(PlaybackEvent.MAX_DURATION_SEC)));
    }

    @Test
    void theWindowsMiddleIsAsOfTheCountUntilTheNext() throws SQLException {
        jobs.activeUsers();
        clock.advance(Duration.ofMinutes(5));
        // a play of the window's middle goes behind the writer's back
        deleteLatestPlay(FIRST_PLAY, COUNTED_AT.minus(Duration.ofMinutes(30)));

        assertThat(Databases.render(service.getActiveUsers(Duration.ofHours(1)))).as("read from the count")
                .isNotEqualTo(plainSql(3_600));
        jobs.activeUsers();
        assertThat(Databases.render(service.getActiveUsers(Duration.ofHours(1)))).as("counted again")
                .isEqualTo(plainSql(3_600));
    }

    @Test
    void theCountWithTheShorterMarginIsReadWhileItFits() throws SQLException {
        jobs.activeUsers();
        clock.advance(Duration.ofMinutes(4));
        // a play between the two margins' middles goes behind the writer's back: within the 6 minutes'
        // middle, in the raw plays at the start of the 15 minutes'
        Instant hourBefore = COUNTED_AT.minus(Duration.ofHours(1));
        deleteLatestPlay(hourBefore.plus(Duration.ofMinutes(8)), hourBefore.plus(Duration.ofMinutes(14)));

        assertThat(Databases.render(service.getActiveUsers(Duration.ofHours(1)))).as("4 minutes on: the 6 minutes' count")
                .isNotEqualTo(plainSql(3_600));
        clock.advance(Duration.ofMinutes(3));
        assertThat(Databases.render(service.getActiveUsers(Duration.ofHours(1)))).as("7 minutes on: the 15 minutes' count")
                .isEqualTo(plainSql(3_600));
    }

    @Test
    void aPlayWrittenAfterTheCountThatStartedBeforeItIsCountedAtOnce() throws SQLException {
        jobs.activeUsers();
        clock.advance(Duration.ofMinutes(2));
        // a whole play recorded at its end: it started in the window's middle, before the count
        store(plays(COUNTED_AT.minus(Duration.ofMinutes(40)), COUNTED_AT.minus(Duration.ofMinutes(39)), 1));

        assertThat(Databases.render(service.getActiveUsers(Duration.ofHours(1)))).isEqualTo(plainSql(3_600));
        assertThat(Databases.render(service.getActiveUsers(Duration.ofDays(1)))).isEqualTo(plainSql(86_400));
    }

    @Test
    void aStaleCountIsNotRead() throws SQLException {
        jobs.activeUsers();
        deleteLatestPlay(FIRST_PLAY, COUNTED_AT.minus(Duration.ofMinutes(30)));
        clock.advance(ActiveUsersJob.FRESH);

        assertThat(Databases.render(service.getActiveUsers(Duration.ofHours(1)))).isEqualTo(plainSql(3_600));
    }

    @Test
    void anErasedUserLeavesTheCount() throws SQLException {
        jobs.activeUsers();
        UUID erased = service.getActiveUsers(Duration.ofDays(1)).get(0).userId();

        admin.eraseUser(erased);

        assertThat(Databases.count(database, "SELECT count(*) FROM active_users_counted WHERE user_id = '" + erased + "'"))
                .isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM active_users_counted")).isPositive();
        // the reader above holds a copy of the day's counts, which held the user: they go
        assertThat(Databases.count(database, "SELECT count(*) FROM active_users_count WHERE window_sec = 86400")).isZero();
        assertThat(Databases.render(service.getActiveUsers(Duration.ofDays(1)))).isEqualTo(plainSql(86_400))
                .noneMatch(row -> row.startsWith(erased.toString()));
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(longs = {3_600, 86_400})
    void aCountIsCarriedOnceAndItsCopyReadUntilTheNext(long seconds) throws SQLException {
        jobs.activeUsers();
        List<String> counted = Databases.render(service.getActiveUsers(Duration.ofSeconds(seconds)));
        // the count's users go behind the reader's back: its copy still has them
        Databases.execute(database, "DELETE FROM active_users_counted");
        clock.advance(Duration.ofMinutes(2));
        store(plays(COUNTED_AT, clock.instant(), 20));

        assertThat(Databases.render(service.getActiveUsers(Duration.ofSeconds(seconds)))).as("from the copy")
                .isEqualTo(plainSql(seconds)).isNotEqualTo(counted);
        assertThat(Databases.render(new LocalAnalyticsService(store, pipeline, Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC"))),
                clock).getActiveUsers(Duration.ofSeconds(seconds)))).as("a reader without the copy: what the count has now, nothing")
                .isNotEqualTo(plainSql(seconds));
        clock.advance(Duration.ofMinutes(3));
        deleteLatestPlay(FIRST_PLAY, COUNTED_AT.minus(Duration.ofMinutes(30)));
        jobs.activeUsers();
        assertThat(Databases.render(service.getActiveUsers(Duration.ofSeconds(seconds)))).as("the next count, not the copy")
                .isEqualTo(plainSql(seconds));
    }

    @Test
    void usersWhoLastPlayedAtTheSameMomentAreInPostgresOrderOfTheirIds() throws SQLException {
        Instant start = COUNTED_AT.minus(Duration.ofMinutes(30));
        List<PlaybackEvent> same = new ArrayList<>();
        // a uuid whose first half is negative as a Java long: UUID.compareTo would put it first
        for (UUID user : List.of(new UUID(-1L, 1), new UUID(1, 1), new UUID(Long.MIN_VALUE, 0))) {
            same.add(new PlaybackEvent(UUID.randomUUID(), user, new UUID(12, 1), new UUID(13, 1), MediaType.MOVIE,
                    start, start.plusSeconds(60), 60, true, null, null));
        }
        store(same);
        jobs.activeUsers();
        clock.advance(Duration.ofMinutes(1));

        assertThat(Databases.render(service.getActiveUsers(Duration.ofHours(1)))).isEqualTo(plainSql(3_600));
        assertThat(ActiveUsersReader.compareAsPostgres(new UUID(1, 1), new UUID(-1L, 1))).isNegative();
    }

    private List<String> plainSql(long windowSeconds) throws SQLException {
        Instant now = clock.instant();
        return Databases.activeUsers(database, now.minusSeconds(windowSeconds), now,
                now.minusSeconds(PlaybackEvent.MAX_DURATION_SEC));
    }

    private void store(List<PlaybackEvent> plays) {
        Databases.storePlays(store, plays, ZoneOffset.UTC);
        store.changed();
    }

    private List<PlaybackEvent> plays(Instant from, Instant to, int count) {
        List<PlaybackEvent> plays = new ArrayList<>();
        long span = Duration.between(from, to).toMillis();
        for (int i = 0; i < count; i++) {
            Instant start = from.plusMillis(random.nextLong(span)).truncatedTo(ChronoUnit.MILLIS);
            int duration = 30 + random.nextInt(3_000);
            boolean open = start.isAfter(to.minus(Duration.ofMinutes(90))) && random.nextInt(3) == 0;
            plays.add(new PlaybackEvent(UUID.randomUUID(), users.get(random.nextInt(USERS)), new UUID(12, random.nextInt(50)),
                    new UUID(13, 1), MediaType.MOVIE, start, open ? null : start.plusSeconds(duration), duration,
                    random.nextBoolean(), null, null));
        }
        return plays;
    }

    /** Deletes the latest ended play that started in [from, before) behind the writer's back: no count learns of it. */
    private void deleteLatestPlay(Instant from, Instant before) throws SQLException {
        Databases.execute(database, "DELETE FROM playback_events WHERE started_at = (SELECT max(started_at) FROM playback_events"
                + " WHERE started_at >= '" + from + "' AND started_at < '" + before + "' AND ended_sec IS NOT NULL)");
    }
}
