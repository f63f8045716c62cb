package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.Journal.Position;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.StorageUnavailableException;

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

    @Test
    @Disabled("fails now and then: with the database up, each flush empties the journal and frees its pages, and a "
            + "small first batch fits in the journal's last page on the full tmpfs; to be rewritten with the database away "
            + "(TestPostgres.outage) while the disk is full, so that nothing frees space")
    void recordingWaitsInMemoryWhileTheDiskIsFullAndEverySessionLandsOnceWhenSpaceIsBack() throws Exception {
        DataSource database = Databases.migrated("fulldisk");
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), mount.resolve("journal"),
                Clock.systemUTC());
        UUID user = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(1));
        int sessions = 2_000;
        String plays = "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'";
        try {
            pipeline.bindStore(AnalyticsStore.over(database));
            fillLeaving(0);
            for (int i = 0; i < sessions; i++) {
                Sessions.of(user, start.plusSeconds(i)).forEach(pipeline::record);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.stats().journalFailures() >= 3);
            // the figure is read while the writer moves signals between its queue and its batch: it settles
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(pipeline.stats().queued()).as("held in memory").isEqualTo(2L * sessions));
            assertThat(pipeline.stats().appended()).isZero();
            assertThat(Databases.count(database, plays)).isZero();

            spaceIsBack();
            await().atMost(Duration.ofSeconds(60)).until(pipeline::idle);
            assertThat(Databases.count(database, plays)).isEqualTo(sessions);
            assertThat(pipeline.stats().appended()).isEqualTo(2L * sessions);
            assertThat(pipeline.stats().queued()).isZero();
        } finally {
            pipeline.close();
        }
        // nothing torn in the journal, nothing left to replay twice
        IngestPipeline again = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), mount.resolve("journal"),
                Clock.systemUTC());
        try {
            again.bindStore(AnalyticsStore.over(database));
            await().atMost(Duration.ofSeconds(30)).until(again::idle);
        } finally {
            again.close();
        }
        assertThat(Databases.count(database, plays)).isEqualTo(sessions);
    }

    @Test
    @Disabled("fails now and then: with the database up, each flush empties the journal and frees its pages, and a "
            + "small first batch fits in the journal's last page on the full tmpfs; to be rewritten with the database away "
            + "(TestPostgres.outage) while the disk is full, so that nothing frees space")
    void beyondTheMemoryBoundAndTheQueueNewEventsAreRefusedWithAClearErrorAndCounted() throws Exception {
        DataSource database = Databases.migrated("fulldiskbound");
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("ingest.queue.capacity", 1_000,
                "ingest.memory.max.events", 1_000)));
        IngestPipeline pipeline = new IngestPipeline(settings, mount.resolve("journal"), Clock.systemUTC());
        UUID user = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(1));
        String plays = "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'";
        try {
            pipeline.bindStore(AnalyticsStore.over(database));
            fillLeaving(0);
            for (int i = 0; i < 500; i++) {
                Sessions.of(user, start.plusSeconds(i)).forEach(pipeline::record);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.unwrittenInMemory() == 1_000);
            for (int i = 500; i < 1_000; i++) {
                Sessions.of(user, start.plusSeconds(i)).forEach(pipeline::record);
            }
            List<Signal> refused = Sessions.of(user, start.plusSeconds(5_000));
            assertThatThrownBy(() -> pipeline.record(refused.get(0))).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("queue of 1000 events is full because its journal cannot be written");
            assertThat(pipeline.stats().rejectedByReason()).containsEntry("queue: full", 1L);
            assertThat(pipeline.stats().queued()).isEqualTo(2_000);

            spaceIsBack();
            await().atMost(Duration.ofSeconds(60)).until(pipeline::idle);
            assertThat(Databases.count(database, plays)).isEqualTo(1_000);
        } finally {
            pipeline.close();
        }
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
