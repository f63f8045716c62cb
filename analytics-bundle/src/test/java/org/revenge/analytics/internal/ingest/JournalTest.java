package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.spi.MediaType;
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

    @Test
    void everyKindOfSignalSurvivesAReopen() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            assertThat(journal.append(signals)).isEqualTo(signals.size());
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(reopened.after(0)).containsExactlyElementsOf(signals);
            assertThat(reopened.lastSequence()).isEqualTo(signals.size());
        }
    }

    @Test
    void afterSkipsWhatTheCheckpointCovers() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            journal.append(signals);
            assertThat(journal.after(5)).containsExactlyElementsOf(signals.subList(5, signals.size()));
        }
    }

    @Test
    void clearingKeepsTheNumberingGoingAcrossAReopen() throws Exception {
        String id;
        try (Journal journal = new Journal(dir)) {
            id = journal.id();
            journal.append(oneOfEach());
            journal.clear();
            assertThat(journal.size()).isZero();
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(reopened.id()).isEqualTo(id);
            assertThat(reopened.lastSequence()).isEqualTo(7);
            reopened.append(oneOfEach().subList(0, 1));
            assertThat(reopened.lastSequence()).isEqualTo(8);
            assertThat(reopened.after(7)).hasSize(1);
        }
    }

    @Test
    void aJournalFileStartedAfreshGetsANewIdentity() throws Exception {
        String first;
        try (Journal journal = new Journal(dir)) {
            first = journal.id();
            journal.append(oneOfEach());
        }
        java.nio.file.Files.delete(dir.resolve("ingest.journal"));
        try (Journal fresh = new Journal(dir)) {
            assertThat(fresh.id()).as("a checkpoint of the old numbering must not apply").isNotEqualTo(first);
            assertThat(fresh.lastSequence()).isZero();
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestKept() throws Exception {
        List<Signal> signals = oneOfEach();
        try (Journal journal = new Journal(dir)) {
            journal.append(signals);
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("ingest.journal").toFile(), "rw")) {
            file.setLength(file.length() - 3);
        }
        try (Journal reopened = new Journal(dir)) {
            assertThat(reopened.after(0)).containsExactlyElementsOf(signals.subList(0, signals.size() - 1));
            reopened.append(signals.subList(0, 1));
            assertThat(reopened.after(0)).hasSize(signals.size());
        }
    }
}
