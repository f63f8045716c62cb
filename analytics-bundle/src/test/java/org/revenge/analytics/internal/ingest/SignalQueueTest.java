package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The hand-over from callers to the journal thread: never blocks, bounded, keeps the order. */
class SignalQueueTest {

    private static Signal stopped(int position) {
        return new Signal.Stopped(UUID.randomUUID(), position, Instant.EPOCH);
    }

    private static List<Integer> positions(List<Signal> batch) {
        return batch.stream().map(signal -> ((Signal.Stopped) signal).positionSec()).toList();
    }

    @Test
    void beyondItsCapacityItRefusesAndTheWriterSeesWhatItTookInOrder() {
        SignalQueue queue = new SignalQueue(3);
        for (int i = 0; i < 3; i++) {
            assertThat(queue.add(stopped(i), Instant.EPOCH)).isTrue();
        }
        assertThat(queue.add(stopped(3), Instant.EPOCH)).as("full: refused, never blocks").isFalse();
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.handedOver()).as("a refused signal was not handed over").isEqualTo(3);

        List<Signal> batch = new ArrayList<>();
        assertThat(queue.takeInto(batch, 2, 0)).isEqualTo(2);
        assertThat(queue.add(stopped(4), Instant.EPOCH)).as("room again once the writer took some").isTrue();
        assertThat(queue.takeInto(batch, 100, 0)).isEqualTo(2);
        assertThat(positions(batch)).containsExactly(0, 1, 2, 4);
        assertThat(queue.size()).isZero();
    }

    @Test
    void countsWhatWasHandedOverAndForgetsTheWriteLagOnceAllIsWritten() {
        SignalQueue queue = new SignalQueue(10);
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        queue.add(stopped(1), first);
        queue.add(stopped(2), first.plusSeconds(5));
        assertThat(queue.oldestUnwritten()).isEqualTo(first);
        assertThat(queue.handedOver()).isEqualTo(2);

        queue.writtenUpTo(1);
        assertThat(queue.oldestUnwritten()).as("one is still unwritten").isEqualTo(first);
        queue.writtenUpTo(2);
        assertThat(queue.oldestUnwritten()).isNull();
    }

    @Test
    void anEmptyQueueReturnsAfterThePollWithNothing() {
        List<Signal> batch = new ArrayList<>();
        assertThat(new SignalQueue(10).takeInto(batch, 10, 1)).isZero();
        assertThat(batch).isEmpty();
    }

    @Test
    void aSignalThatArrivesWhileTheJournalThreadWaitsIsTakenWithinTheWaitBusyOrIdle() throws Exception {
        SignalQueue queue = new SignalQueue(10);
        List<Signal> batch = new ArrayList<>();
        // idle (nothing taken yet): the thread waits on the queue and the caller wakes it
        Thread late = new Thread(() -> sleepThenAdd(queue, 5));
        late.start();
        assertThat(queue.takeInto(batch, 10, 5_000)).isEqualTo(1);
        late.join();
        batch.clear(); // journaled
        // busy (a signal was just taken): the thread naps and looks again
        late = new Thread(() -> sleepThenAdd(queue, 20));
        late.start();
        long start = System.nanoTime();
        assertThat(queue.takeInto(batch, 10, 5_000)).isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1_000_000).as("taken long before the wait's end").isLessThan(4_000);
        late.join();
        batch.clear();
        // busy, nothing comes: back after the wait
        assertThat(queue.takeInto(batch, 10, 20)).isZero();
    }

    private static void sleepThenAdd(SignalQueue queue, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.add(stopped(9), Instant.EPOCH);
    }
}
