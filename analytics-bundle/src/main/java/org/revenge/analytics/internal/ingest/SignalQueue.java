package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-over from callers to the journal thread: a bounded queue, so that no caller ever blocks and
 * memory stays bounded. The journal thread empties it into the journal whether or not the database is
 * there, so it fills only while the journal cannot be written; then {@link #add} refuses. Callers
 * only {@link #add}; the journal thread alone {@link #takeInto takes}.
 */
final class SignalQueue {

    /** How long the journal thread naps between looks at the queue while signals keep coming. */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** After how long without a signal the journal thread waits on the queue instead. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BlockingQueue<Signal> queue;
    /** Signals handed over since the start. */
    private final AtomicLong handedOver = new AtomicLong();
    /** When the oldest signal not yet in the database arrived, or null if none waits. */
    private volatile Instant oldestUnwritten;
    /** Journal thread only: when it last took a signal. */
    private long lastTaken = System.nanoTime() - IDLE_NANOS - 1;

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
     * Journal thread: waits up to {@code pollMillis} for the first signal unless {@code batch}
     * already holds some (a batch the journal could not take yet), then takes what else is there,
     * up to {@code limit} signals in all in {@code batch}.
     *
     * <p>While signals keep coming, the wait is a series of short naps rather than a wait on the
     * queue: a caller that finds the journal thread waiting on the queue has to wake it, a system
     * call of several microseconds on the caller's thread, which is the host's. Only after
     * {@link #IDLE_NANOS} without a signal does the thread wait on the queue, so that an idle
     * server does not wake a thousand times a second; the first signal after that wakes it once.
     *
     * @return how many signals were taken
     */
    int takeInto(List<Signal> batch, int limit, long pollMillis) {
        int before = batch.size();
        queue.drainTo(batch, Math.max(0, limit - batch.size()));
        if (batch.isEmpty() && pollMillis > 0) {
            awaitFirst(batch, TimeUnit.MILLISECONDS.toNanos(pollMillis));
            queue.drainTo(batch, Math.max(0, limit - batch.size()));
        }
        if (batch.size() > before) {
            lastTaken = System.nanoTime();
        }
        return batch.size() - before;
    }

    private void awaitFirst(List<Signal> batch, long waitNanos) {
        long start = System.nanoTime();
        try {
            if (start - lastTaken > IDLE_NANOS) {
                Signal first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                }
                return;
            }
            while (queue.isEmpty() && System.nanoTime() - start < waitNanos) {
                LockSupport.parkNanos(NAP_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
