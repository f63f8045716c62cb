package org.revenge.analytics.internal.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.revenge.analytics.internal.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that empties the callers' queue into the {@link Journal}, and nothing else: it never
 * touches the database, so however long PostgreSQL is away (and however long a connection attempt
 * waits), what callers hand over reaches the disk at the disk's pace and the queue does not fill.
 * The {@link IngestWriter} follows the journal on its own thread.
 *
 * <p>If the journal cannot be written (a full disk), the batch stays in memory and grows, up to
 * {@code ingest.memory.max.events}; it is appended whole once space is back. Beyond that the queue
 * fills, and then refuses new events (counted as {@code queue: full}). A signal the journal
 * cannot encode (a field it needs is missing, which validation does not let through) is never
 * tried again: it goes to the quarantine through the writer, and the rest of its batch is appended.
 */
final class JournalAppender {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long POLL_MILLIS = 50;

    private final Journal journal;
    private final SignalQueue queue;
    private final Supplier<Settings> settings;
    private final IngestCounters counters;
    private final BiConsumer<Signal, RuntimeException> setAside;
    private final Thread thread;

    private volatile boolean running = true;
    /** Signals taken from the queue that the journal could not take yet (a full disk). */
    private volatile int held;
    /** Since the last append failed, with the failure, until one succeeds. */
    private String failure;

    /**
     * @param setAside takes a signal the journal cannot encode, with why, for the quarantine
     */
    JournalAppender(Journal journal, SignalQueue queue, Supplier<Settings> settings, IngestCounters counters,
            BiConsumer<Signal, RuntimeException> setAside) {
        this.journal = journal;
        this.queue = queue;
        this.settings = settings;
        this.counters = counters;
        this.setAside = setAside;
        this.thread = new Thread(this::appendUntilStopped, "analytics-journal");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @return signals taken from the queue and held in memory because the journal cannot be written */
    int held() {
        return held;
    }

    /**
     * Takes what is still queued and appends it, then stops.
     *
     * @return false if the thread did not finish in time
     */
    boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    /** Waits until the thread has ended, however long that takes: the journal is closed after it. */
    void awaitStopped() throws InterruptedException {
        thread.join();
    }

    private void appendUntilStopped() {
        List<Signal> batch = new ArrayList<>();
        boolean last = false;
        while (!last) {
            last = !running;
            try {
                queue.takeInto(batch, batchLimit(batch, last), last ? 0 : POLL_MILLIS);
                if (append(batch)) {
                    batch.clear();
                }
                held = batch.size();
                journal.syncIfDue();
            } catch (IOException e) {
                LOG.error("Analytics cannot sync its journal {} ({}); it tries again", journal.file(), e.getMessage(), e);
                pause();
            } catch (RuntimeException e) {
                LOG.error("Analytics journal appender failed; it carries on with the next batch", e);
                pause();
            }
        }
        if (!batch.isEmpty()) {
            LOG.error("Analytics stopped with {} events it could not journal (the journal could not be written); "
                    + "they are lost", batch.size());
        }
    }

    /**
     * How many signals this round may take: a batch; while the journal fails and a batch waits for
     * it, up to the memory bound; for the last round, everything.
     */
    private int batchLimit(List<Signal> batch, boolean last) {
        if (last) {
            return Integer.MAX_VALUE;
        }
        Settings current = settings.get();
        return batch.isEmpty() ? current.batchSize() : Math.max(current.journaling().memoryMaxEvents(), batch.size());
    }

    /**
     * Appends the batch to the journal. A failure (a full disk, an I/O error) is said once, in
     * words, and counted; the batch stays in memory, growing up to the memory bound, and is
     * appended whole once the journal can be written again, so nothing is journaled twice or torn.
     *
     * @return whether the batch is in the journal
     */
    private boolean append(List<Signal> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        try {
            journal.append(batch);
        } catch (RuntimeException e) {
            if (!setAsideWhatCannotBeEncoded(batch)) {
                throw e;
            }
            return append(batch);
        } catch (IOException e) {
            counters.journalFailed();
            if (failure == null) {
                failure = String.valueOf(e.getMessage());
                LOG.error("Analytics cannot write its journal {} ({}). Events are held in memory, up to {} "
                        + "(ingest.memory.max.events), and journaled as soon as it can be written again; beyond that, new "
                        + "events are refused and counted. Free space on that file system", journal.file(),
                        failure, settings.get().journaling().memoryMaxEvents());
            }
            if (running) {
                pause();
            }
            return false;
        }
        if (failure != null) {
            LOG.info("Analytics can write its journal again; the {} events it held in memory are journaled", batch.size());
            failure = null;
        }
        counters.journaled(batch.size());
        return true;
    }

    /**
     * Takes out of the batch, for the quarantine, every signal the journal cannot encode.
     *
     * @return whether there was one
     */
    private boolean setAsideWhatCannotBeEncoded(List<Signal> batch) {
        return batch.removeIf(signal -> {
            RuntimeException failure = Journal.encodingFailure(signal);
            if (failure != null) {
                setAside.accept(signal, failure);
            }
            return failure != null;
        });
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
