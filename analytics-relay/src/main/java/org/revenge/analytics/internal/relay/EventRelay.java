package org.revenge.analytics.internal.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.event.Event;
import org.revenge.analytics.spi.HostEventSink;

/**
 * Hands host events to the analytics bundle's sink, or keeps them while there is none. No
 * OSGi here, so the rules can be tested as they are; {@link HostEventRelay} feeds it from
 * EventAdmin and the service registry.
 * <p>
 * The rule, by the state of the analytics bundle:
 * <ul>
 * <li>its sink is registered: each event is handed to it at once, on the caller's thread; a
 *     backlog, if any, is handed over first, in order, by the relay thread ({@link #handOver()}),
 *     and until it is empty new events queue behind it. Whether analytics records (its
 *     {@code enabled} setting) is the sink's business: a disabled sink ignores events;</li>
 * <li>the bundle is installed but has no sink (stopping, being updated, restarting, not yet
 *     configured): events are kept, in arrival order, up to {@code capacity}; beyond that each new
 *     one is dropped and counted;</li>
 * <li>the bundle is not installed (uninstalled, or never installed): events are dropped and
 *     counted, and uninstalling drops the backlog, since nothing may ever take it.</li>
 * </ul>
 * A sink that throws {@link IllegalStateException} has not taken the event (its bundle is
 * stopping): the event is kept, as if the sink were already gone. Any other exception is the
 * sink's own failure: it is counted and the event is not offered again.
 * <p>
 * {@link #relay} never blocks beyond a short lock and never does I/O; it is O(1).
 */
final class EventRelay {

    /** Events handed over per turn of the relay thread, so new events wait at most one batch. */
    static final int BATCH = 1_000;

    private final Object lock = new Object();
    private final ArrayDeque<Event> backlog = new ArrayDeque<>();
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong notInstalled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    // guarded by lock
    private int capacity;
    private HostEventSink sink;
    private boolean pluginInstalled;
    /** Events are in the backlog or in the relay thread's hands: new ones must queue behind them. */
    private boolean handingOver;
    /** Whether the last hand-over was refused by a stopping sink, so the relay thread pauses. */
    private boolean refused;
    private boolean stopped;

    /**
     * @param capacity        most events kept while there is no sink
     * @param pluginInstalled whether the analytics bundle is installed now
     */
    EventRelay(int capacity, boolean pluginInstalled) {
        this.capacity = positive(capacity);
        this.pluginInstalled = pluginInstalled;
    }

    private static int positive(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("backlog.capacity: must be at least 1, was " + capacity);
        }
        return capacity;
    }

    /** A host event from EventAdmin: handed on, kept, or dropped and counted, by the rule above. */
    void relay(Event event) {
        HostEventSink target;
        synchronized (lock) {
            target = handingOver || stopped ? null : sink;
            if (target == null) {
                keep(event);
                return;
            }
        }
        try {
            target.accept(event);
            relayed.incrementAndGet();
        } catch (IllegalStateException e) {
            synchronized (lock) {
                keep(event);
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        }
    }

    private void keep(Event event) {
        if (sink == null && !pluginInstalled) {
            notInstalled.incrementAndGet();
        } else if (backlog.size() >= capacity) {
            overflowed.incrementAndGet();
        } else {
            backlog.addLast(event);
            handingOver = true;
            if (sink != null) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Hands the next batch of the backlog to the sink; the relay thread calls it, never
     * EventAdmin. Once the backlog is empty and handed over, events go straight to the sink again.
     *
     * @return how many events the sink took; 0 if there was nothing to do or it refused
     */
    int handOver() {
        HostEventSink target;
        List<Event> batch;
        synchronized (lock) {
            if (sink == null) {
                return 0;
            }
            if (backlog.isEmpty()) {
                handingOver = false;
                return 0;
            }
            target = sink;
            refused = false;
            batch = new ArrayList<>(Math.min(BATCH, backlog.size()));
            while (batch.size() < BATCH && !backlog.isEmpty()) {
                batch.add(backlog.pollFirst());
            }
        }
        int taken = 0;
        for (int i = 0; i < batch.size(); i++) {
            try {
                target.accept(batch.get(i));
                taken++;
            } catch (IllegalStateException e) {
                synchronized (lock) {
                    // back to the front, in order, ahead of what arrived meanwhile
                    for (int j = batch.size() - 1; j >= i; j--) {
                        backlog.addFirst(batch.get(j));
                    }
                    refused = true;
                }
                break;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
        }
        relayed.addAndGet(taken);
        return taken;
    }

    /**
     * Waits until there is a backlog and a sink to hand it to, or the relay stops; after a
     * refusal, waits {@code pauseMillis} first so that a stopping sink is not called in a loop.
     *
     * @return false once stopped
     */
    boolean awaitWork(long pauseMillis) throws InterruptedException {
        synchronized (lock) {
            if (refused && !stopped) {
                lock.wait(pauseMillis);
                refused = false;
            }
            while (!stopped && (sink == null || !handingOver)) {
                lock.wait();
            }
            return !stopped;
        }
    }

    /** The analytics bundle's sink was registered. */
    void sinkAppeared(HostEventSink appeared) {
        synchronized (lock) {
            sink = appeared;
            pluginInstalled = true;
            refused = false;
            lock.notifyAll();
        }
    }

    /** The analytics bundle's sink was unregistered: from now on events are kept. */
    void sinkGone(HostEventSink gone) {
        synchronized (lock) {
            if (sink == gone) {
                sink = null;
            }
        }
    }

    /**
     * Whether the analytics bundle is installed. Uninstalling it drops the backlog.
     *
     * @return how many kept events were dropped
     */
    int pluginInstalled(boolean installed) {
        synchronized (lock) {
            pluginInstalled = installed;
            if (installed || sink != null) {
                return 0;
            }
            int dropped = backlog.size();
            backlog.clear();
            handingOver = false;
            notInstalled.addAndGet(dropped);
            return dropped;
        }
    }

    /** Changes the bound; events already kept stay, even above it. */
    void capacity(int changed) {
        synchronized (lock) {
            capacity = positive(changed);
        }
    }

    /**
     * Stops the relay thread's waiting. Events that still arrive are kept, and lost with the relay.
     */
    void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    /** @return events kept and not yet handed over */
    int backlog() {
        synchronized (lock) {
            return backlog.size();
        }
    }

    /** @return events the sink took */
    long relayed() {
        return relayed.get();
    }

    /** @return events dropped because the backlog was full */
    long overflowed() {
        return overflowed.get();
    }

    /** @return events dropped because the analytics bundle was not installed */
    long notInstalled() {
        return notInstalled.get();
    }

    /** @return events the sink failed on with something other than {@link IllegalStateException} */
    long failed() {
        return failed.get();
    }
}
