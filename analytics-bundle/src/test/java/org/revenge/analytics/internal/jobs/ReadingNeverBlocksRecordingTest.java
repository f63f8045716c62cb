package org.revenge.analytics.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.names.HostNames;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.export.ExportReads;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.service.LocalAnalyticsAdmin;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.StorageUnavailableException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Reading never blocks recording, against a real PostgreSQL: an export whose client stops reading
 * holds its snapshot (and so the raw plays' tables) open, while the nightly jobs create and drop
 * partitions and plays are written. The writer's pool has one connection, so an export that took it
 * would stop every write; the export has a pool of its own.
 */
class ReadingNeverBlocksRecordingTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant OLD = NOW.minus(Duration.ofDays(40));

    private final List<HikariDataSource> pools = new ArrayList<>();
    private DataSource database;
    private AnalyticsStore store;
    private JobRunner jobs;
    private IngestPipeline pipeline;

    @BeforeEach
    void start(@TempDir Path journal) throws Exception {
        database = Databases.migrated("slowreader");
        store = AnalyticsStore.over(pool("writer", 1));
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC", "retention.raw.days", 30)));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        // short pauses between partition attempts: the test sees the retries and the giving up within seconds
        jobs = new JobRunner(store, settings, clock, "slow-reader-test", List.of(Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800)), () -> Duration.ZERO);
        pipeline = new IngestPipeline(settings, journal, clock);
        List<PlaybackEvent> plays = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            plays.add(play(OLD.plusSeconds(i)));
            plays.add(play(NOW.minus(Duration.ofHours(2)).plusSeconds(i)));
        }
        Databases.storePlays(store, plays, ZoneOffset.UTC);
    }

    @AfterEach
    void stop() throws Exception {
        if (jobs != null) {
            jobs.stop();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void aStalledExportNeitherTakesTheWritersConnectionNorHoldsUpInsertsNorNewPartitionsWhileDropsRetry() throws Exception {
        ExportReads exports = new ExportReads(AnalyticsStore.over(pool("export", 1)), 1, Duration.ofMinutes(5));
        LocalAnalyticsAdmin admin = admin(exports);
        StalledClient client = new StalledClient();
        CompletableFuture<Long> export = exportAllTo(admin, client);

        // a second export would exceed the budget: refused at once, saying why
        assertThatThrownBy(() -> admin.exportPlays(OLD, NOW, ExportFormat.JSON, OutputStream.nullOutputStream()))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessage("Cannot export the plays: 1 export is running already, as many as jdbc.export.pool.size allows; "
                        + "try again once one has finished");

        // the nightly jobs, asked for now (the runner takes them on its own thread): next week's partitions
        // are attached beside the reader; dropping those past retention needs the table to itself, behind the reader
        jobs.runNow(JobRunner.PARTITIONS);
        awaitCompleted(JobRunner.PARTITIONS);
        assertThat(partition(NOW.plus(Duration.ofDays(7)))).as("next week's partition, made while the reader reads").isEqualTo(1);
        jobs.runNow(JobRunner.CLEANUP);
        // plays are written meanwhile, through the writer's only connection, each time the DDL lets go
        int written = 0;
        while (written < 3 || !job(JobRunner.CLEANUP).startsWith("retryable")) {
            assertThat(written).as("rounds of writing while the jobs retry").isLessThan(60);
            PlaybackEvent play = play(NOW.minus(Duration.ofHours(2)).plusSeconds(written++));
            CompletableFuture<Void> write = CompletableFuture.runAsync(
                    () -> Databases.storePlays(store, List.of(play), ZoneOffset.UTC));
            await("a play written while the export stalls and the partition changes retry").atMost(Duration.ofSeconds(3))
                    .until(write::isDone);
            write.join();
            assertThat(storedWithUser(play.userId())).isEqualTo(1);
        }
        assertThat(export).as("the export still waits for its client").isNotDone();
        assertThat(job(JobRunner.CLEANUP)).startsWith("retryable | ERROR: canceling statement due to lock timeout")
                .contains("DROP TABLE playback_events_p");
        assertThat(partition(OLD)).as("the old partition, held by the reader").isEqualTo(1);

        // the client reads again: the export ends, and the partition changes go through
        client.resume();
        assertThat(export.get(30, TimeUnit.SECONDS)).isEqualTo(2_000);
        jobs.runNow(JobRunner.CLEANUP);
        // what the run asked for now did, whatever else is queued (just after midnight UTC the
        // scheduler's own run of the day before is queued too, and it is the latest by schedule)
        await("the old partition dropped").atMost(Duration.ofSeconds(60)).until(() -> partition(OLD) == 0);
    }

    @Test
    void anExportWhoseClientReadsNothingForTheIdleTimeoutIsEndedAndLetsGo() throws Exception {
        ExportReads exports = new ExportReads(AnalyticsStore.over(pool("export", 1)), 1, Duration.ofSeconds(1));
        LocalAnalyticsAdmin admin = admin(exports);
        StalledClient client = new StalledClient();
        CompletableFuture<Long> export = exportAllTo(admin, client);
        // PostgreSQL ends the stalled export's session: nothing holds the raw plays any more
        await("the stalled export's session ended").atMost(Duration.ofSeconds(20)).until(() -> Databases.count(database,
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'export-test' AND datname = current_database()") == 0);
        jobs.runNow(JobRunner.CLEANUP);
        awaitCompleted(JobRunner.CLEANUP);
        assertThat(partition(OLD)).isZero();

        client.resume();
        assertThatThrownBy(() -> export.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("Cannot export the plays").hasMessageContaining("idle-in-transaction timeout");
    }

    private LocalAnalyticsAdmin admin(ExportReads exports) {
        return LocalAnalyticsAdmin.withExports(store, exports, pipeline, jobs, null,
                Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC"))), Clock.fixed(NOW, ZoneOffset.UTC), HostNames.none());
    }

    /** Starts exporting every play as CSV to the client, and returns once the client has stopped reading. */
    private static CompletableFuture<Long> exportAllTo(LocalAnalyticsAdmin admin, StalledClient client) throws InterruptedException {
        CompletableFuture<Long> export = CompletableFuture.supplyAsync(() -> {
            try {
                return admin.exportPlays(OLD.minus(Duration.ofDays(1)), NOW, ExportFormat.CSV, client);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        client.awaitStalled();
        return export;
    }

    private HikariDataSource pool(String name, int size) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        PGSimpleDataSource migrated = (PGSimpleDataSource) database;
        postgres.setURL(migrated.getURL());
        postgres.setUser(migrated.getUser());
        postgres.setPassword(migrated.getPassword());
        postgres.setApplicationName(name + "-test");
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgres);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private static PlaybackEvent play(Instant start) {
        return new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), new UUID(8, 1), MediaType.MOVIE, start,
                start.plusSeconds(3_000), 2_900, true, "web");
    }

    private long storedWithUser(UUID user) throws Exception {
        return Databases.count(database, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
    }

    /** @return "state | outcome or error" of the latest run of a kind */
    private String job(String kind) throws Exception {
        return Databases.rows(database, "SELECT state || ' | ' || coalesce(last_error, outcome, '') FROM analytics_job WHERE kind = '"
                + kind + "' ORDER BY scheduled_at DESC LIMIT 1").get(0);
    }

    private void awaitCompleted(String kind) {
        await(kind + " completed").atMost(Duration.ofSeconds(60)).until(() -> job(kind).startsWith("completed | "));
    }

    private long partition(Instant day) throws Exception {
        return Databases.count(database, "SELECT count(*) FROM pg_class WHERE relname = 'playback_events_p"
                + day.atZone(ZoneOffset.UTC).toLocalDate().toString().replace("-", "") + "'");
    }

    /** An HTTP client that takes what is sent up to a point, then reads nothing until told to go on. */
    private static final class StalledClient extends OutputStream {
        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch resumed = new CountDownLatch(1);
        private final AtomicLong received = new AtomicLong();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            stalled.countDown();
            try {
                if (!resumed.await(2, TimeUnit.MINUTES)) {
                    throw new IOException("the test never resumed the client");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            received.addAndGet(length);
        }

        void awaitStalled() throws InterruptedException {
            assertThat(stalled.await(30, TimeUnit.SECONDS)).as("the export sent its first bytes").isTrue();
        }

        void resume() {
            resumed.countDown();
        }
    }
}
