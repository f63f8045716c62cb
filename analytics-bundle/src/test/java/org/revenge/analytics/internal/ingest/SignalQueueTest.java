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
        Thread journal = Thread.currentThread();
        Thread late = new Thread(() -> addOnceWaiting(queue, journal));
        late.start();
        assertThat(queue.takeInto(batch, 10, 5_000)).isEqualTo(1);
        late.join();
        batch.clear(); // journaled
        // busy (a signal was just taken): the thread naps and looks again
        late = new Thread(() -> addOnceWaiting(queue, journal));
        late.start();
        long start = System.nanoTime();
        assertThat(queue.takeInto(batch, 10, 5_000)).isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1_000_000).as("taken long before the wait's end").isLessThan(4_000);
        late.join();
        batch.clear();
        // busy, nothing comes: back after the wait
        assertThat(queue.takeInto(batch, 10, 20)).isZero();
    }

    /** Adds a signal once the journal thread is parked in {@code takeInto}, so the add must wake it. */
    private static void addOnceWaiting(SignalQueue queue, Thread journal) {
        while (journal.getState() != Thread.State.WAITING && journal.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        queue.add(stopped(9), Instant.EPOCH);
    }

    @Test
    void callersAtOnceLoseNothingKeepTheirOrderAndNeverPassTheBound() throws Exception {
        SignalQueue queue = new SignalQueue(1_000);
        int callers = 4;
        int each = 50_000;
        java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    if (queue.add(stopped(caller * 1_000_000 + i), Instant.EPOCH)) {
                        accepted.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        int[] last = {-1, -1, -1, -1};
        long taken = 0;
        long largest = 0;
        List<Signal> batch = new ArrayList<>();
        while (threads.stream().anyMatch(Thread::isAlive) || queue.size() > 0) {
            largest = Math.max(largest, queue.size());
            batch.clear();
            taken += queue.takeInto(batch, 300, 1);
            for (int position : positions(batch)) {
                int caller = position / 1_000_000;
                assertThat(position).as("caller %d's order", caller).isGreaterThan(last[caller]);
                last[caller] = position;
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(taken).as("everything accepted was taken, once").isEqualTo(accepted.get()).isEqualTo(queue.handedOver());
        assertThat(accepted.get()).as("the journal thread kept up with some").isPositive();
        assertThat(largest).as("the bound").isLessThanOrEqualTo(1_000);
    }
}
