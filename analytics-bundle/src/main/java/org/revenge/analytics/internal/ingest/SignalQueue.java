package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over from callers to the writer: a bounded queue, so that no caller ever blocks and
 * memory stays bounded. The writer empties it into the journal whether or not the database is
 * there, so it fills only while the journal cannot be written; then {@link #add} refuses. Callers
 * only {@link #add}; the writer thread alone {@link #takeInto takes}.
 */
final class SignalQueue {

    private final BlockingQueue<Signal> queue;
    /** Signals handed over since the start. */
    private final AtomicLong handedOver = new AtomicLong();
    /** When the oldest signal not yet in the database arrived, or null if none waits. */
    private volatile Instant oldestUnwritten;

    SignalQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Adds a signal; never blocks.
     *
     * @return false if the queue is full: the signal was not taken
     */
    boolean add(Signal signal, Instant now) {
        if (!queue.offer(signal)) {
            return false;
        }
        if (oldestUnwritten == null) {
            oldestUnwritten = now;
        }
        handedOver.incrementAndGet();
        return true;
    }

    /**
     * Writer thread: waits up to {@code pollMillis} for the first signal unless {@code batch}
     * already holds some (a batch the journal could not take yet), then takes what else is there,
     * up to {@code limit} signals in all in {@code batch}.
     *
     * @return how many signals were taken
     */
    int takeInto(List<Signal> batch, int limit, long pollMillis) {
        int before = batch.size();
        if (pollMillis > 0 && batch.isEmpty()) {
            try {
                Signal first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        queue.drainTo(batch, Math.max(0, limit - batch.size()));
        return batch.size() - before;
    }

    /** @return signals waiting in the queue */
    long size() {
        return queue.size();
    }

    /** @return how many signals the queue holds at most ({@code ingest.queue.capacity}) */
    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    /** @return signals handed over since the start */
    long handedOver() {
        return handedOver.get();
    }

    /** @return when the oldest signal not yet written arrived, or null */
    Instant oldestUnwritten() {
        return oldestUnwritten;
    }

    /** Writer thread: everything handed over up to {@code written} is in the database. */
    void writtenUpTo(long written) {
        if (written == handedOver.get()) {
            oldestUnwritten = null;
        }
    }
}
