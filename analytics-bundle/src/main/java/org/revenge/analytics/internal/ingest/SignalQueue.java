package org.revenge.analytics.internal.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-over from callers to the journal thread: a bounded queue, so that no caller ever blocks and
 * memory stays bounded. The journal thread empties it into the journal whether or not the database is
 * there, so it fills only while the journal cannot be written; then {@link #add} refuses. Callers
 * only {@link #add}; the journal thread alone {@link #takeInto takes}.
 *
 * <p>A caller's hand-over takes no lock and makes no system call while signals keep coming: the
 * queue is lock-free (a lock shared with the journal thread's draining made a caller now and then
 * wait for the drain, and a caller that found the thread waiting on it had to wake it, a system
 * call of several microseconds on the host's thread). The journal thread naps between looks
 * instead; only after {@link #IDLE_NANOS} without a signal does it sleep until a caller wakes it,
 * so an idle server does not wake a thousand times a second.
 */
final class SignalQueue {

    /** How long the journal thread naps between looks at the queue while signals keep coming. */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** After how long without a signal the journal thread sleeps until a caller wakes it. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Queue<Signal> queue = new ConcurrentLinkedQueue<>();
    private final int capacity;
    /** Signals in the queue; what bounds it. */
    private final AtomicInteger size = new AtomicInteger();
    /** Signals handed over since the start. */
    private final AtomicLong handedOver = new AtomicLong();
    /** When the oldest signal not yet in the database arrived, or null if none waits. */
    private volatile Instant oldestUnwritten;
    /** The journal thread while it sleeps until a caller wakes it, else null. */
    private volatile Thread sleeping;
    /** Journal thread only: when it last took a signal. */
    private long lastTaken = System.nanoTime() - IDLE_NANOS - 1;

    SignalQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds a signal; never blocks.
     *
     * @return false if the queue is full: the signal was not taken
     */
    boolean add(Signal signal, Instant now) {
        int held;
        do {
            held = size.get();
            if (held >= capacity) {
                return false;
            }
        } while (!size.compareAndSet(held, held + 1)); // never counts past the bound, even for a moment
        queue.offer(signal);
        if (oldestUnwritten == null) {
            oldestUnwritten = now;
        }
        handedOver.incrementAndGet();
        Thread journal = sleeping;
        if (journal != null) {
            LockSupport.unpark(journal);
        }
        return true;
    }

    /**
     * Journal thread: waits up to {@code pollMillis} for the first signal unless {@code batch}
     * already holds some (a batch the journal could not take yet), then takes what else is there,
     * up to {@code limit} signals in all in {@code batch}.
     *
     * @return how many signals were taken
     */
    int takeInto(List<Signal> batch, int limit, long pollMillis) {
        int before = batch.size();
        drainInto(batch, limit);
        if (batch.isEmpty() && pollMillis > 0) {
            awaitFirst(TimeUnit.MILLISECONDS.toNanos(pollMillis));
            drainInto(batch, limit);
        }
        if (batch.size() > before) {
            lastTaken = System.nanoTime();
        }
        return batch.size() - before;
    }

    private void drainInto(List<Signal> batch, int limit) {
        int taken = 0;
        Signal next;
        while (batch.size() < limit && (next = queue.poll()) != null) {
            batch.add(next);
            taken++;
        }
        if (taken > 0) {
            size.addAndGet(-taken);
        }
    }

    /** Naps until a signal is there, or sleeps until a caller wakes it when none came for a while; at most {@code waitNanos}. */
    private void awaitFirst(long waitNanos) {
        long start = System.nanoTime();
        boolean idle = start - lastTaken > IDLE_NANOS;
        if (idle) {
            sleeping = Thread.currentThread();
        }
        try {
            while (queue.isEmpty() && !Thread.currentThread().isInterrupted()) {
                long left = waitNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, idle ? left : Math.min(left, NAP_NANOS));
            }
        } finally {
            if (idle) {
                sleeping = null;
            }
        }
    }

    /** @return signals waiting in the queue */
    long size() {
        return size.get();
    }

    /** @return how many signals the queue holds at most ({@code ingest.queue.capacity}) */
    int capacity() {
        return capacity;
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
