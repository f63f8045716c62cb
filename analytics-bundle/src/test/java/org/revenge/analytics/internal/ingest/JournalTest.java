package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.ingest.Journal.Position;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;

class JournalTest {

    @TempDir
    Path dir;

    static final Instant AT = Instant.parse("2026-11-20T20:00:00.123456789Z");

    static List<Signal> oneOfEach() {
        UUID session = UUID.randomUUID();
        return List.of(
                new Signal.Started(session, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), MediaType.AUDIOBOOK,
                        "car", 5, 36_000, AT),
                new Signal.Started(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE,
                        null, 0, 6000, AT),
                new Signal.Progress(session, 65, true, AT.plusSeconds(60)),
                new Signal.Stopped(session, 70, AT.plusSeconds(90)),
                new Signal.DirectPlay(new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                        UUID.randomUUID(), MediaType.EPISODE, AT, null, 0, false, "tv")),
                new Signal.DirectPlay(new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                        UUID.randomUUID(), MediaType.OTHER, AT, AT.plusSeconds(100), 90, true, null)),
                new Signal.Scan(UUID.randomUUID(), new ScanStats(10, 20, 3, 4, 5, AT)));
    }

    /** Everything a replay from the checkpoint hands back, read in small batches as the writer does. */
    static List<Signal> replayed(Journal journal, Position checkpoint) throws Exception {
        Journal.Replay replay = journal.replay(checkpoint);
        List<Signal> all = new ArrayList<>();
        for (List<Signal> batch = replay.next(3); !batch.isEmpty(); batch = replay.next(3)) {
            assertThat(batch).hasSizeLessThanOrEqualTo(3);
            all.addAll(batch);
        }
        return all;
    }

    static List<Signal> both(List<Signal> first, List<Signal> second) {
        List<Signal> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void everyKindOfSignalSurvivesAReopen() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            assertThat(journal.append(signals)).isEqualTo(new Position(journal.generation(), signals.size()));
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(replayed(reopened, Position.NONE)).containsExactlyElementsOf(signals);
            assertThat(reopened.size()).isEqualTo(signals.size());
        }
    }

    /** The play method is the last byte of a start and of a whole play; the records of oneOfEach have it unknown. */
    @Test
    void thePlayMethodSurvivesAReopen() throws Exception {
        List<Signal> signals = List.of(
                new Signal.Started(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE,
                        "web", 0, 6000, AT, PlayMethod.TRANSCODE),
                new Signal.DirectPlay(new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                        UUID.randomUUID(), MediaType.TRACK, AT, AT.plusSeconds(100), 90, true, "car", PlayMethod.DIRECT_STREAM)));
        try (Journal journal = new Journal(dir)) {
            journal.append(signals);
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(replayed(reopened, Position.NONE)).containsExactlyElementsOf(signals);
        }
    }

    @Test
    void aReplaySkipsWhatTheCheckpointCoversAndSaysWhereItIs() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            journal.append(signals);
            Journal.Replay replay = journal.replay(new Position(journal.generation(), 5));
            assertThat(replay.next(100)).containsExactlyElementsOf(signals.subList(5, signals.size()));
            assertThat(replay.position()).isEqualTo(journal.lastPosition());
            assertThat(replay.next(100)).isEmpty();
        }
    }

    @Test
    void aReplayReachesWhatIsAppendedWhileItRuns() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            journal.append(signals.subList(0, 4));
            Journal.Replay replay = journal.replay(Position.NONE);
            assertThat(replay.next(3)).containsExactlyElementsOf(signals.subList(0, 3));
            journal.append(signals.subList(4, signals.size()));
            assertThat(replay.next(100)).containsExactlyElementsOf(signals.subList(3, signals.size()));
            assertThat(replay.position()).isEqualTo(journal.lastPosition());
        }
    }

    @Test
    void clearingKeepsTheNumberingOfTheGenerationAndAReopenStartsANewOne() throws Exception {
        String id;
        Position cleared;
        try (Journal journal = new Journal(dir)) {
            id = journal.id();
            cleared = journal.append(oneOfEach());
            journal.clear();
            assertThat(journal.size()).isZero();
            assertThat(journal.append(oneOfEach().subList(0, 1))).isEqualTo(new Position(journal.generation(), 8));
            assertThat(replayed(journal, cleared)).hasSize(1);
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(reopened.id()).isEqualTo(id);
            assertThat(reopened.generation()).isNotEqualTo(cleared.generation());
            assertThat(reopened.append(oneOfEach().subList(0, 2))).isEqualTo(new Position(reopened.generation(), 2));
            assertThat(replayed(reopened, new Position(cleared.generation(), 8))).hasSize(2);
        }
    }

    @Test
    void aTruncatedTailAfterACheckpointHidesNothingNewer() throws Exception {
        List<Signal> signals = oneOfEach();
        Position checkpoint;
        long afterThree;
        try (Journal journal = new Journal(dir)) {
            journal.append(signals.subList(0, 3));
            afterThree = Files.size(dir.resolve("ingest.journal"));
            // the database took all seven, then the machine lost power before the journal's last four reached the disk
            checkpoint = journal.append(signals.subList(3, 7));
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("ingest.journal").toFile(), "rw")) {
            file.setLength(afterThree);
        }
        List<Signal> later = oneOfEach().subList(0, 5);
        try (Journal reopened = new Journal(dir)) {
            reopened.append(later);
            assertThat(replayed(reopened, checkpoint)).as("the new events number 1 to 5, below the checkpoint's 7")
                    .containsExactlyElementsOf(later);
        }
    }

    @Test
    void aRestoredOlderDataDirectoryHidesNothingNewer() throws Exception {
        Path backup = dir.resolveSibling(dir.getFileName() + "-backup");
        List<Signal> old = oneOfEach();
        Position checkpoint;
        try (Journal journal = new Journal(dir)) {
            journal.append(old.subList(0, 2));
            copy(dir, backup);
            journal.append(old.subList(2, 7));
            checkpoint = journal.append(oneOfEach());
            journal.clear();
        }
        // the operator restores yesterday's copy of the data directory; the database keeps its checkpoint
        copy(backup, dir);
        List<Signal> later = oneOfEach();
        try (Journal restored = new Journal(dir)) {
            restored.append(later);
            assertThat(replayed(restored, checkpoint)).as("the copy's two old records are written already")
                    .containsExactlyElementsOf(later);
        }
        // a database that names a generation the copy never saw gets everything, which is written idempotently
        try (Journal restored = new Journal(dir)) {
            assertThat(replayed(restored, new Position(UUID.randomUUID(), 100))).containsExactlyElementsOf(both(old.subList(0, 2), later));
        }
    }

    @Test
    void aSequenceGapIsReplayedAroundNeverSkippedPast() throws Exception {
        List<Signal> signals = oneOfEach();
        Position checkpoint;
        try (Journal journal = new Journal(dir)) {
            journal.append(signals.subList(0, 2));
            long gapStart = Files.size(dir.resolve("ingest.journal"));
            journal.append(signals.subList(2, 4));
            long gapEnd = Files.size(dir.resolve("ingest.journal"));
            journal.append(signals.subList(4, 7));
            checkpoint = new Position(journal.generation(), 3);
            // records 3 and 4 vanish from the middle (a lost block): what follows still carries valid checksums
            byte[] bytes = Files.readAllBytes(dir.resolve("ingest.journal"));
            byte[] holed = new byte[bytes.length - (int) (gapEnd - gapStart)];
            System.arraycopy(bytes, 0, holed, 0, (int) gapStart);
            System.arraycopy(bytes, (int) gapEnd, holed, (int) gapStart, bytes.length - (int) gapEnd);
            journal.close();
            Files.write(dir.resolve("ingest.journal"), holed);
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(reopened.size()).isEqualTo(5);
            List<Signal> later = oneOfEach().subList(0, 1);
            reopened.append(later);
            assertThat(replayed(reopened, checkpoint)).containsExactlyElementsOf(both(signals.subList(4, 7), later));
        }
    }

    @Test
    void aTornLastRecordIsCutOffNeverReplayedInPart() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            journal.append(signals);
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("ingest.journal").toFile(), "rw")) {
            file.setLength(file.length() - 3);
        }
        long torn = Files.size(dir.resolve("ingest.journal"));
        try (Journal reopened = new Journal(dir)) {
            assertThat(reopened.cutOffBytes()).isPositive();
            assertThat(Files.size(dir.resolve("ingest.journal"))).isEqualTo(torn - reopened.cutOffBytes());
            assertThat(replayed(reopened, Position.NONE)).containsExactlyElementsOf(signals.subList(0, signals.size() - 1));
            reopened.append(signals.subList(0, 1));
            assertThat(replayed(reopened, Position.NONE)).hasSize(signals.size());
        }
    }

    @Test
    void aDamagedRecordEndsTheJournalThere() throws Exception {
        List<Signal> signals = oneOfEach();
        long afterFive;
        try (Journal journal = new Journal(dir)) {
            journal.append(signals.subList(0, 5));
            afterFive = Files.size(dir.resolve("ingest.journal"));
            journal.append(signals.subList(5, 7));
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("ingest.journal").toFile(), "rw")) {
            file.seek(afterFive + 20);
            byte damaged = (byte) (file.readByte() ^ 0x5A);
            file.seek(afterFive + 20);
            file.write(damaged);
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(replayed(reopened, Position.NONE)).containsExactlyElementsOf(signals.subList(0, 5));
        }
    }

    @Test
    void aJournalFromBeforeGenerationsIsReplayedFromItsCheckpoint() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            journal.append(signals);
        }
        // the 1.1 layout: header "RAJ1" and records without a generation marker (which is 33 bytes)
        byte[] bytes = Files.readAllBytes(dir.resolve("ingest.journal"));
        byte[] legacy = new byte[bytes.length - 33];
        ByteBuffer.wrap(legacy).putInt(0x52414A31).putLong(0);
        System.arraycopy(bytes, 12 + 33, legacy, 12, bytes.length - 12 - 33);
        Files.write(dir.resolve("ingest.journal"), legacy);
        try (Journal upgraded = new Journal(dir)) {
            List<Signal> later = oneOfEach().subList(0, 1);
            upgraded.append(later);
            assertThat(replayed(upgraded, new Position(null, 4))).containsExactlyElementsOf(both(signals.subList(4, 7), later));
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        for (String name : List.of("journal.id", "ingest.journal")) {
            Files.copy(from.resolve(name), to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
