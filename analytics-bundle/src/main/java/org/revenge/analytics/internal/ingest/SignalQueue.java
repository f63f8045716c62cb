package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over from callers to the writer: a bounded queue, and once that is full an overflow
 * list, so that no caller ever blocks or loses a signal. Callers only {@link #add}; the writer
 * thread alone {@link #takeInto takes}.
 */
final class SignalQueue {

    private final BlockingQueue<Signal> queue;
    private final ConcurrentLinkedQueue<Signal> overflow = new ConcurrentLinkedQueue<>();
    private final AtomicInteger overflowSize = new AtomicInteger();
    /** Signals handed over since the start. */
    private final AtomicLong handedOver = new AtomicLong();
    /** When the oldest signal not yet in the database arrived, or null if none waits. */
    private volatile Instant oldestUnwritten;

    SignalQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Adds a signal; never blocks. */
    void add(Signal signal, Instant now) {
        if (oldestUnwritten == null) {
            oldestUnwritten = now;
        }
        handedOver.incrementAndGet();
        // once something spilled, later signals spill too, so the writer sees them in order
        if (overflowSize.get() > 0 || !queue.offer(signal)) {
            overflow.add(signal);
            overflowSize.incrementAndGet();
        }
    }

    /**
     * Writer thread: waits up to {@code pollMillis} for the first signal unless some are already
     * there, then takes what else is there, up to {@code limit} signals in all in {@code batch}.
     *
     * @return how many signals were taken
     */
    int takeInto(List<Signal> batch, int limit, long pollMillis) {
        int before = batch.size();
        if (pollMillis > 0 && overflowSize.get() == 0) {
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
        queue.drainTo(batch, limit - batch.size());
        Signal spilled;
        while (batch.size() < limit && (spilled = overflow.poll()) != null) {
            overflowSize.decrementAndGet();
            batch.add(spilled);
        }
        return batch.size() - before;
    }

    /** @return signals waiting in memory */
    long size() {
        return queue.size() + overflowSize.get();
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
