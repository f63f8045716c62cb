package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.Journal.Position;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.revenge.analytics.testing.TestPostgres;

/**
 * The journal on a file system that fills up: a small tmpfs the test mounts (it needs root, or the
 * test is skipped saying so). A filler file takes the space, and giving it back is "space is back".
 */
class FullDiskTest {

    private Path mount;
    private Path filler;
    private boolean mounted;

    @BeforeEach
    void mountASmallFileSystem() throws Exception {
        mount = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "full-disk-");
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        mounted = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        assumeTrue(mounted, "this test mounts a 512 KiB tmpfs to fill it up, which needs root (mount said: " + output.strip()
                + "); it is skipped");
        filler = mount.resolve("filler");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(mount);
    }

    /** Fills the file system, then frees {@code free} bytes of it. */
    private void fillLeaving(int free) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
            byte[] block = new byte[4096];
            try {
                while (true) {
                    file.write(block);
                }
            } catch (IOException full) {
                file.setLength(Math.max(0, file.length() - free));
            }
        }
    }

    private void spaceIsBack() throws IOException {
        Files.delete(filler);
    }

    @Test
    void aBatchThatDoesNotFitIsCutOffWholeAndAppendedOnceWhenSpaceIsBack() throws Exception {
        Path dir = mount.resolve("journal");
        List<List<Signal>> appended = new ArrayList<>();
        List<Signal> failed;
        try (Journal journal = new Journal(dir)) {
            fillLeaving(16 * 1024);
            while (true) {
                List<Signal> batch = batch(40);
                long before = Files.size(dir.resolve("ingest.journal"));
                Position last = journal.lastPosition();
                try {
                    journal.append(batch);
                    appended.add(batch);
                } catch (IOException full) {
                    assertThat(full).hasMessageContaining("No space left on device");
                    assertThat(Files.size(dir.resolve("ingest.journal"))).as("the part that fitted is cut off").isEqualTo(before);
                    assertThat(journal.lastPosition()).isEqualTo(last);
                    failed = batch;
                    break;
                }
            }
            assertThat(appended).as("some batches fit before the disk was full").isNotEmpty();
            assertThatIOException().isThrownBy(() -> journal.append(failed));

            spaceIsBack();
            journal.append(failed);
            appended.add(failed);
            assertThat(JournalTest.replayed(journal, Position.NONE)).containsExactlyElementsOf(flat(appended));
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(reopened.cutOffBytes()).as("nothing torn").isZero();
            assertThat(JournalTest.replayed(reopened, Position.NONE)).containsExactlyElementsOf(flat(appended));
        }
    }

    /**
     * The database is away meanwhile, so that nothing is written and cleared from the journal, and
     * no page it frees lets a later append fit: the disk stays full until the test frees it.
     */
    @Test
    void anAppendThatFailsIsSaidOnceAndCountedRecordingWaitsInMemoryAndEverySessionLandsOnceWhenSpaceIsBack()
            throws Exception {
        PGSimpleDataSource database = (PGSimpleDataSource) Databases.migrated("fulldisk");
        Path journalDir = mount.resolve("journal");
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journalDir,
                Clock.systemUTC());
        UUID user = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(1));
        int sessions = 2_000;
        long signals = 2L * sessions + 2;
        String plays = "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'";
        try (StandardError log = StandardError.captured()) {
            pipeline.bindStore(AnalyticsStore.over(database));
            Sessions.of(user, start.minusSeconds(600)).forEach(pipeline::record);
            await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

            try (AutoCloseable outage = TestPostgres.outage(database.getURL())) {
                fillLeaving(0);
                for (int i = 0; i < sessions; i++) {
                    Sessions.of(user, start.plusSeconds(i)).forEach(pipeline::record);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.stats().journalFailures() >= 3);
                // what fitted in the journal's last page went in; everything else waits in memory
                long appended = pipeline.stats().appended();
                assertThat(appended).as("the disk is full").isLessThan(signals / 10);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(
                        () -> assertThat(pipeline.heldForTheJournal()).as("held in memory").isEqualTo(signals - appended));
                assertThat(pipeline.stats().queued()).isEqualTo(signals - appended);
                assertThat(pipeline.stats().rejected()).as("within the bound, nothing is refused").isZero();
                assertThat(log.lines("Analytics cannot write its journal")).as("said once, however often it fails")
                        .hasSize(1).first().asString()
                        .contains(journalDir.resolve("ingest.journal").toString(), "No space left on device",
                                "held in memory, up to 50000 (ingest.memory.max.events)", "Free space on that file system");

                spaceIsBack();
                await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.stats().appended() == signals);
                assertThat(pipeline.stats().queued()).isZero();
                assertThat(log.lines("Analytics can write its journal again")).hasSize(1);
            }

            await().atMost(Duration.ofSeconds(90)).until(pipeline::idle);
            assertThat(Databases.count(database, plays)).isEqualTo(sessions + 1);
            assertThat(Databases.count(database, "SELECT count(DISTINCT started_at) FROM playback_events WHERE user_id = '"
                    + user + "'")).isEqualTo(sessions + 1);
            assertThat(pipeline.stats().appended()).as("nothing journaled twice").isEqualTo(signals);
        } finally {
            pipeline.close();
        }
        try (Journal reopened = new Journal(journalDir)) {
            assertThat(reopened.cutOffBytes()).as("nothing torn").isZero();
            assertThat(reopened.size()).as("everything written, nothing left to replay").isZero();
        }
        IngestPipeline again = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journalDir,
                Clock.systemUTC());
        try {
            again.bindStore(AnalyticsStore.over(database));
            await().atMost(Duration.ofSeconds(30)).until(again::idle);
        } finally {
            again.close();
        }
        assertThat(Databases.count(database, plays)).as("a restart counts nothing twice").isEqualTo(sessions + 1);
    }

    @Test
    void beyondTheMemoryBoundAndTheQueueNewEventsAreRefusedWithAClearErrorAndCounted() throws Exception {
        PGSimpleDataSource database = (PGSimpleDataSource) Databases.migrated("fulldiskbound");
        int bound = 1_000;
        int capacity = 1_000;
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("ingest.queue.capacity", capacity,
                "ingest.memory.max.events", bound)));
        IngestPipeline pipeline = new IngestPipeline(settings, mount.resolve("journal"), Clock.systemUTC());
        UUID user = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(1));
        String plays = "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'";
        try {
            pipeline.bindStore(AnalyticsStore.over(database));
            pipeline.record(play(user, start.minusSeconds(7_200)));
            await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

            int accepted = 0;
            StorageUnavailableException refusal = null;
            try (AutoCloseable outage = TestPostgres.outage(database.getURL())) {
                fillLeaving(0);
                while (refusal == null && accepted < 10_000) {
                    try {
                        pipeline.record(play(user, start.plusSeconds(accepted)));
                        accepted++;
                    } catch (StorageUnavailableException e) {
                        refusal = e;
                    }
                    if (accepted % 250 == 0) {
                        // the appender takes from the queue what the bound lets it hold
                        long handedOver = accepted + 1L;
                        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.heldForTheJournal()
                                == Math.min(bound, handedOver - pipeline.stats().appended()));
                    }
                }
                long appended = pipeline.stats().appended();
                assertThat(refusal).as("refused once the bound and the queue are full").isNotNull()
                        .hasMessageContaining("queue of 1000 events is full because its journal cannot be written");
                assertThat(accepted + 1L).as("what fitted in the journal's last page, the bound, the queue")
                        .isEqualTo(appended + bound + capacity);
                assertThat(pipeline.heldForTheJournal()).isEqualTo(bound);
                assertThat(pipeline.stats().queued()).isEqualTo(bound + capacity);
                assertThat(pipeline.stats().rejectedByReason()).containsEntry("queue: full", 1L);

                spaceIsBack();
                long handedOver = accepted + 1L;
                await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.stats().appended() == handedOver);
            }
            await().atMost(Duration.ofSeconds(90)).until(pipeline::idle);
            assertThat(Databases.count(database, plays)).as("every accepted play, once").isEqualTo(accepted + 1);
            assertThat(pipeline.stats().rejectedByReason()).containsEntry("queue: full", 1L);
        } finally {
            pipeline.close();
        }
    }

    private static Signal play(UUID user, Instant start) {
        return new Signal.DirectPlay(new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                MediaType.MOVIE, start, start.plusSeconds(700), 600, false, null));
    }

    private static List<Signal> batch(int size) {
        List<Signal> batch = new ArrayList<>();
        while (batch.size() < size) {
            batch.addAll(JournalTest.oneOfEach());
        }
        return batch.subList(0, size);
    }

    private static List<Signal> flat(List<List<Signal>> batches) {
        return batches.stream().flatMap(List::stream).toList();
    }
}
