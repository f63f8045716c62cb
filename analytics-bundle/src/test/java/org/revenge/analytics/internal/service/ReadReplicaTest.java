package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.ReadReplicaSettings;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.db.ConnectionPool;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.testing.TestPorts;
import org.revenge.analytics.testing.TestPostgres;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The queries through a read replica ({@code jdbc.read.*}, docs/SCALING.md), against a real
 * PostgreSQL. The replica is reached as the plugin reaches it (its settings, its pool) through a role
 * that can only read, so that anything written its way fails. Two kinds of replica: the primary's own
 * database through that role, where every answer must equal the primary's; and another database of
 * the same server, empty, where an answer shows which database it came from. Both share the
 * server's write-ahead log, so their positions are those of a replica that has replayed everything.
 * A real streaming standby, behind for as long as a test needs, when one is given: {@link OnAStreamingStandby}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final UUID LIBRARY = new UUID(7, 1);
    /** The system property naming a streaming standby of the test server, {@code host:port}. */
    static final String STANDBY = "analytics.test.replica.server";

    DataSource primary;
    AnalyticsStore store;
    Settings settings;
    Clock clock;
    IngestPipeline pipeline;
    LocalAnalyticsService service;
    /** The same service over a store without a replica: what the primary answers. */
    LocalAnalyticsService primaryOnly;
    LocalAnalyticsAdmin admin;
    HikariDataSource readPool;

    @BeforeAll
    void start(@TempDir Path journal) throws Exception {
        primary = Databases.migrated("replica");
        store = AnalyticsStore.over(primary);
        settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC")));
        clock = Clock.fixed(NOW, ZoneOffset.UTC);
        pipeline = new IngestPipeline(settings, journal, clock);
        pipeline.bindStore(store);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        primaryOnly = new LocalAnalyticsService(AnalyticsStore.over(primary), pipeline, settings, clock);
        admin = new LocalAnalyticsAdmin(store, pipeline, JobRunner.standalone(store, settings, clock, "replica-test"), null,
                settings, clock);
    }

    @AfterAll
    void stop() throws Exception {
        pipeline.close();
    }

    @AfterEach
    void primaryOnlyAgain() {
        store.readFromPrimaryOnly();
        if (readPool != null) {
            readPool.close();
            readPool = null;
        }
    }

    /** Lets the store's queries read {@code url} as {@code jdbc.read.url}, with the plugin's own pool; checked when the test says. */
    void readFrom(String url) {
        readFrom(url, 30);
    }

    void readFrom(String url, int maxLagSec) {
        AnalyticsConfiguration config = TestConfigs.analytics(Map.of("jdbc.read.url", url, "jdbc.connect.timeout.sec", 1,
                "jdbc.read.max.lag.sec", maxLagSec));
        ReadReplicaSettings read = ReadReplicaSettings.from(config);
        readPool = new HikariDataSource(ConnectionPool.readHikariConfig(read, config));
        store.readFrom(readPool, read.server(), read.maxLag(), Duration.ofHours(1));
    }

    /** The database's URL with its user, which {@link PGSimpleDataSource#getURL()} leaves out. */
    static String url(DataSource database) {
        PGSimpleDataSource postgres = (PGSimpleDataSource) database;
        String url = postgres.getURL();
        return url.contains("user=") ? url : url + (url.contains("?") ? "&" : "?") + "user=" + postgres.getUser();
    }

    void record(UUID user, int plays) {
        for (int i = 0; i < plays; i++) {
            Instant start = NOW.minus(Duration.ofHours(2)).plusSeconds(i * 600L);
            service.recordPlayback(new PlaybackEvent(UUID.randomUUID(), user, new UUID(7, 100 + i % 3), LIBRARY, MediaType.MOVIE,
                    start, start.plusSeconds(400), 300, i % 2 == 0, "web"));
        }
        await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);
    }

    long storedPlays(UUID user) throws SQLException {
        return Databases.count(primary, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
    }

    List<PlayRecord> plays(AnalyticsService analytics, UUID user) {
        return analytics.getUserPlays(user, NOW.minus(Duration.ofDays(1)), NOW.plusSeconds(3600), null, null, 100);
    }

    @Test
    void everyQueryAnswersThroughARoleThatCannotWriteAsThePrimaryDoesAndTheWriterStaysOnThePrimary() throws Exception {
        readFrom(TestPostgres.readOnly(url(primary)));
        ReadReplicaStats checked = store.checkReplicaNow();
        assertThat(checked.inUse()).as("checked: %s", checked).isTrue();
        assertThat(checked.replayLag()).isZero();
        try (Connection connection = readPool.getConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DELETE FROM user_opt_out"))
                    .as("the replica's connections cannot write: a write sent there fails").isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        }

        UUID user = new UUID(7, 2);
        record(user, 6);
        assertThat(storedPlays(user)).as("recorded on the primary").isEqualTo(6);

        Duration week = Duration.ofDays(7);
        List<Function<AnalyticsService, Object>> queries = List.of(
                a -> a.getMostWatched(LIBRARY, week, 10), a -> a.getMostPopular(LIBRARY, week, 10),
                a -> a.getMostWatched(LIBRARY, Duration.ofHours(3), 10), a -> a.getTrending(LIBRARY, 10),
                a -> a.getRecentlyWatched(user, 10), a -> a.getLibraryStats(LIBRARY), AnalyticsService::getLibraries,
                a -> a.getUserStats(user, week), a -> a.getUserStats(user, Duration.ofHours(3)),
                a -> a.getLibraryHistory(LIBRARY, week), a -> a.getItemActivity(LIBRARY, new UUID(7, 100), week),
                a -> a.getSystemMetrics(week), a -> a.getActiveUsers(Duration.ofHours(3)), a -> a.getPlaysByDay(week),
                a -> a.getDistinctUsersByDay(week), a -> a.getPlaysByWeekdayAndHour(week), a -> a.getClientTypes(week),
                a -> a.getCompletionRates(week), a -> a.getPlayMethods(week), a -> a.getPeakStreamsByDay(week),
                a -> a.getUserMostWatched(user, week, 10), a -> a.getUserPlaysByWeekdayAndHour(user, week),
                a -> a.getUserCompletionRates(user, week), a -> a.getUserClientTypes(user, week), a -> plays(a, user),
                a -> a.getYearInReview(NOW.atZone(ZoneOffset.UTC).getYear()),
                a -> a.getUserYearInReview(user, NOW.atZone(ZoneOffset.UTC).getYear()), a -> a.getJobHistory(10),
                a -> totals(a.getSystemStats()));
        List<Object> fromReplica = new ArrayList<>();
        queries.forEach(query -> fromReplica.add(query.apply(service)));
        fromReplica.add(admin.getPlaysOn(NOW.atZone(ZoneOffset.UTC).toLocalDate(), null, 100));
        fromReplica.add(admin.getUserHistory(user, 100));
        assertThat(store.readReplicaStats().inUse()).as("no query failed on the replica, none wrote: %s", store.readReplicaStats())
                .isTrue();
        List<Object> fromPrimary = new ArrayList<>();
        queries.forEach(query -> fromPrimary.add(query.apply(primaryOnly)));
        store.readFromPrimaryOnly();
        fromPrimary.add(admin.getPlaysOn(NOW.atZone(ZoneOffset.UTC).toLocalDate(), null, 100));
        fromPrimary.add(admin.getUserHistory(user, 100));
        assertThat(fromReplica).isEqualTo(fromPrimary);
        assertThat(plays(primaryOnly, user)).hasSize(6);

        assertThat(Databases.count(primary, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = '"
                + TestPostgres.READER + "' AND application_name = 'revenge-analytics-read'"))
                .as("the queries' connections: the replica's pool's, as its role").isPositive();
    }

    /** What the system figures count from the database (the rest are this JVM's). */
    static List<Long> totals(SystemStats stats) {
        return List.of(stats.users(), stats.libraries(), stats.mediaItems(), stats.playsToday(), stats.plays7d(),
                stats.watchTimeSec7d(), stats.activeSessions());
    }

    @Test
    void privacyChangesAreMadeOnThePrimaryWhileTheQueriesReadTheReplica() throws Exception {
        readFrom(TestPostgres.readOnly(url(primary)));
        assertThat(store.checkReplicaNow().inUse()).isTrue();
        UUID user = new UUID(7, 3);
        record(user, 2);

        admin.setKeepingYear(user, true);
        admin.setOptedOut(user, true);
        assertThat(admin.isOptedOut(user)).isTrue();
        admin.setOptedOut(user, false);
        assertThat(admin.eraseUser(user).playsRemoved()).isEqualTo(2);

        assertThat(storedPlays(user)).isZero();
        assertThat(plays(service, user)).isEmpty();
        assertThat(store.readReplicaStats().inUse()).isTrue();
    }

    @Test
    void aUsersOwnQueriesReadThePrimaryAfterTheirPrivacyChangeUntilTheReplicaHasReplayedIt() throws Exception {
        readFrom(TestPostgres.readOnly(url(Databases.migrated("replicaempty"))));
        UUID user = new UUID(7, 4);
        UUID other = new UUID(7, 5);
        record(user, 3);
        record(other, 2);
        assertThat(plays(primaryOnly, user)).hasSize(3);
        assertThat(store.checkReplicaNow().inUse()).isTrue();
        assertThat(plays(service, user)).as("the replica's: it has no plays").isEmpty();

        admin.setKeepingYear(user, true);

        assertThat(store.readReplicaStats().usersOnPrimary()).isEqualTo(1);
        assertThat(plays(service, user)).as("the user's own, after their change: the primary's").hasSize(3);
        assertThat(service.getUserStats(user, Duration.ofDays(7)).plays()).isEqualTo(3);
        assertThat(plays(service, other)).as("anyone else's: the replica's").isEmpty();
        assertThat(service.getActiveUsers(Duration.ofHours(3))).as("the server's: the replica's").isEmpty();

        // the next check reads the primary's position after the change, and finds the replica past it
        assertThat(store.checkReplicaNow().usersOnPrimary()).isZero();
        assertThat(plays(service, user)).as("the user's own again: the replica's").isEmpty();
    }

    @Test
    void aReplicaThatCannotBeReachedLeavesTheQueriesOnThePrimaryAndRecordingAsItWas() throws Exception {
        readFrom("jdbc:postgresql://127.0.0.1:" + TestPorts.randomUnused() + "/revenge");
        ReadReplicaStats reads = store.checkReplicaNow();
        assertThat(reads.configured()).isTrue();
        assertThat(reads.inUse()).isFalse();
        assertThat(reads.problem()).startsWith("it is unreachable");

        UUID user = new UUID(7, 6);
        record(user, 4);
        assertThat(storedPlays(user)).isEqualTo(4);
        assertThat(plays(service, user)).hasSize(4);
        assertThat(service.getMostWatched(LIBRARY, Duration.ofDays(1), 10).items()).isNotEmpty();
        assertThat(service.getSystemStats().reads()).isEqualTo(store.readReplicaStats());
    }

    @Test
    void queriesReadThePrimaryWhileTheReplicaIsAwayAndTheReplicaAgainOnceItIsBack() throws Exception {
        String replica = TestPostgres.readOnly(url(Databases.migrated("replicaaway")));
        readFrom(replica);
        UUID user = new UUID(7, 7);
        record(user, 2);
        assertThat(store.checkReplicaNow().inUse()).isTrue();
        assertThat(plays(service, user)).isEmpty();

        try (AutoCloseable outage = TestPostgres.outage(replica)) {
            assertThat(plays(service, user)).as("the query failed on the replica, and the primary answered").hasSize(2);
            assertThat(store.readReplicaStats().problem()).startsWith("a query failed on it");
            assertThat(store.checkReplicaNow().problem()).startsWith("it is unreachable");
            record(user, 3);
            assertThat(storedPlays(user)).as("recording goes on").isEqualTo(3);
            assertThat(plays(service, user)).hasSize(3);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> store.checkReplicaNow().inUse());
        assertThat(plays(service, user)).as("the replica's again").isEmpty();
    }

    /**
     * A real streaming standby of the test server (physical replication, {@code hot_standby}), given as
     * {@code -Danalytics.test.replica.server=host:port}; skipped without one. Its replay is paused and
     * resumed by the test, so that it is behind for as long as the test needs.
     */
    @Nested
    @EnabledIfSystemProperty(named = STANDBY, matches = ".+")
    class OnAStreamingStandby {

        /** The standby's replay of the primary's log, paused by {@link #pauseReplay} until the handle closes. */
        AutoCloseable pauseReplay() throws SQLException {
            Databases.execute(onStandby(url(primary)), "SELECT pg_wal_replay_pause()");
            return () -> Databases.execute(onStandby(url(primary)), "SELECT pg_wal_replay_resume()");
        }

        DataSource onStandby(String jdbcUrl) {
            PGSimpleDataSource standby = new PGSimpleDataSource();
            standby.setURL(standbyUrl(jdbcUrl));
            return standby;
        }

        String standbyUrl(String jdbcUrl) {
            return jdbcUrl.replaceFirst(TestPostgres.hostAndPort(jdbcUrl).getAuthority(), System.getProperty(STANDBY));
        }

        long onStandby(UUID user) throws SQLException {
            return Databases.count(onStandby(url(primary)), "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
        }

        @Test
        void anErasedUserReadsThePrimaryUntilTheStandbyHasReplayedTheErasureAndNeverTheirOldPlays() throws Exception {
            readFrom(standbyUrl(TestPostgres.readOnly(url(primary))));
            await().atMost(Duration.ofSeconds(20)).until(() -> store.checkReplicaNow().inUse());
            UUID user = new UUID(7, 8);
            long recorded = System.nanoTime();
            record(user, 5);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> onStandby(user) == 5);
            System.out.printf("replica: 5 plays written and replayed on the standby %d ms after they were handed over%n",
                    Duration.ofNanos(System.nanoTime() - recorded).toMillis());
            await().atMost(Duration.ofSeconds(20)).until(() -> plays(service, user).size() == 5);

            Duration erasedToReplica;
            try (AutoCloseable paused = pauseReplay()) {
                admin.eraseUser(user);
                assertThat(onStandby(user)).as("the standby has not replayed the erasure").isEqualTo(5);
                assertThat(store.checkReplicaNow().usersOnPrimary()).isEqualTo(1);
                assertThat(plays(service, user)).as("the user's own: the primary's, erased").isEmpty();
                assertThat(service.getUserStats(user, Duration.ofDays(7)).plays()).isZero();
                assertThat(store.checkReplicaNow().usersOnPrimary()).as("still not replayed").isEqualTo(1);
                assertThat(plays(service, user)).isEmpty();
            }
            long resumed = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> store.checkReplicaNow().usersOnPrimary() == 0);
            erasedToReplica = Duration.ofNanos(System.nanoTime() - resumed);
            assertThat(onStandby(user)).as("replayed").isZero();
            assertThat(plays(service, user)).as("the replica's, erased too").isEmpty();
            assertThat(store.readReplicaStats().inUse()).isTrue();
            System.out.printf("replica: the erased user's queries back on the standby %d ms after its replay resumed%n",
                    erasedToReplica.toMillis());
        }

        @Test
        void aStandbyFurtherBehindThanTheLargestLagIsLeftForThePrimaryUntilItCatchesUp() throws Exception {
            readFrom(standbyUrl(TestPostgres.readOnly(url(primary))), 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> store.checkReplicaNow().inUse());
            UUID user = new UUID(7, 9);
            try (AutoCloseable paused = pauseReplay()) {
                record(user, 3);
                await().atMost(Duration.ofSeconds(20)).until(() -> !store.checkReplicaNow().inUse());
                ReadReplicaStats behind = store.readReplicaStats();
                assertThat(behind.problem()).contains("behind the primary, more than jdbc.read.max.lag.sec (1)");
                assertThat(behind.replayLag()).isGreaterThan(Duration.ofSeconds(1));
                assertThat(behind.bytesBehind()).isPositive();
                assertThat(onStandby(user)).isZero();
                assertThat(service.getActiveUsers(Duration.ofHours(3))).as("the primary's").isNotEmpty();
                assertThat(plays(service, new UUID(7, 9))).hasSize(3);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> store.checkReplicaNow().inUse());
            assertThat(store.readReplicaStats().replayLag()).isLessThan(Duration.ofSeconds(1));
            assertThat(plays(service, user)).as("the standby's, caught up").hasSize(3);
        }
    }
}
