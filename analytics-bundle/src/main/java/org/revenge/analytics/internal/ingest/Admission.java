package org.revenge.analytics.internal.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callers' side of the recording path: parses host events, drops what must not be recorded
 * (excluded users and libraries, held users), counts everything by reason and queues the rest for
 * the writer. No I/O, never blocks. Once {@link #close closed} it takes nothing more, and says so.
 */
final class Admission {

    /** Why events are not recorded, as counted under {@code ignored: ...} in the ingest statistics. */
    static final String DISABLED = "analytics is disabled";
    static final String EXCLUDED_USER = "the user is excluded by privacy.excluded.users";
    static final String EXCLUDED_LIBRARY = "the library is excluded by privacy.excluded.libraries";
    /** Why an event was refused although valid, as counted under {@code queue: ...}. */
    static final String QUEUE_FULL = "full";

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final Duration REJECTION_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration IGNORED_LOG_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final IngestCounters counters;
    private final UserHolds holds;
    private final SignalQueue queue;
    private final AtomicLong rejectedSinceLog = new AtomicLong();
    private final AtomicLong lastRejectionLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong ignoredSinceLog = new AtomicLong();
    private final AtomicLong lastIgnoredLog = new AtomicLong(Long.MIN_VALUE);

    private volatile Settings settings;
    private volatile EventParser parser;
    /** False from the moment {@link #close()} starts: events are refused, never silently lost. */
    private volatile boolean accepting = true;
    /** Callers inside {@link #offer} or {@link #record}, which {@link #close()} waits out. */
    private final AtomicInteger offering = new AtomicInteger();

    Admission(Clock clock, Settings settings, IngestCounters counters, UserHolds holds, SignalQueue queue) {
        this.clock = clock;
        this.counters = counters;
        this.holds = holds;
        this.queue = queue;
        apply(settings);
    }

    /** Takes changed settings: validation, privacy and {@code enabled} apply to the next event. */
    void apply(Settings changed) {
        parser = new EventParser(clock, new PlaybackRules(clock, changed.rawRetention(), changed.clockSkew()), changed.rawRetention());
        settings = changed;
    }

    Settings settings() {
        return settings;
    }

    /** @return whether analytics records host events ({@code enabled}) */
    boolean enabled() {
        return settings.enabled();
    }

    /**
     * Validates a host event and queues it. A bad event is counted by reason and logged at most
     * every 10 seconds, never thrown.
     *
     * @throws IllegalStateException once closing: the event was not taken, and the caller (the
     *                               relay) keeps it for the next start
     */
    void offer(Event event) {
        if (!enter()) {
            throw new IllegalStateException("Analytics is stopping and takes no more host events");
        }
        try {
            Signal signal;
            try {
                signal = parser.parse(event);
            } catch (InvalidInputException e) {
                rejected(event.getTopic(), e);
                return;
            } catch (RuntimeException e) {
                rejected(event.getTopic(), new InvalidInputException("event", "could not be read: " + e));
                return;
            }
            take(signal);
        } finally {
            offering.decrementAndGet();
        }
    }

    /**
     * Queues an already validated signal, unless it must not be recorded.
     *
     * @return false if closing: the signal was not taken
     * @throws StorageUnavailableException if the queue is full (the journal cannot be written and
     *                                     the memory bound is reached): nothing was taken
     */
    boolean record(Signal signal) {
        if (!enter()) {
            return false;
        }
        try {
            if (!take(signal)) {
                throw new StorageUnavailableException("Analytics stored nothing: its queue of " + queue.capacity()
                        + " events is full because its journal cannot be written (is its disk full?) and it holds as many "
                        + "events in memory as ingest.memory.max.events allows; call again once space is back", null);
            }
            return true;
        } finally {
            offering.decrementAndGet();
        }
    }

    /**
     * Dekker-style handshake with {@link #close()}: either close() sees this caller in flight and
     * waits for it, or this caller sees that admission is closed; nothing falls in between. A true
     * result must be followed by {@code offering.decrementAndGet()}.
     */
    private boolean enter() {
        offering.incrementAndGet();
        if (!accepting) {
            offering.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Takes nothing more, and returns once every caller already inside {@link #offer} or
     * {@link #record} (microseconds) has queued its signal: the writer's last pass then sees it.
     */
    void close() {
        accepting = false;
        while (offering.get() > 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Queues the signal, or counts it as ignored if its user or library is not recorded.
     *
     * @return false if the queue was full and the signal was refused (and counted)
     */
    private boolean take(Signal signal) {
        String ignoredBecause = ignoredBecause(signal);
        if (ignoredBecause != null) {
            ignored(ignoredBecause);
            return true;
        }
        if (!queue.add(signal, clock.instant())) {
            refused();
            return false;
        }
        counters.accepted();
        return true;
    }

    /**
     * The queue is full: the writer empties it into the journal whatever the database does, so the
     * journal must be failing and the memory bound be reached. The event is lost, counted, and said.
     */
    private void refused() {
        counters.rejected(new InvalidInputException("queue", QUEUE_FULL));
        refusedSinceLog.incrementAndGet();
        if (timeToLog(lastRefusalLog, REJECTION_LOG_INTERVAL)) {
            LOG.error("Analytics refused {} events: its queue of {} events is full because the journal cannot be written "
                    + "and the writer holds as many events in memory as it may (ingest.memory.max.events = {}). Free "
                    + "space for the journal; the refused events are counted as 'queue: full' in the ingest statistics",
                    refusedSinceLog.getAndSet(0), queue.capacity(), settings.journaling().memoryMaxEvents());
        }
    }

    /**
     * @return why the signal must not be recorded, or {@code null} if it may be; progress and stop
     *         signals name no user, and are ignored by the sessionizer when their start was
     */
    String ignoredBecause(Signal signal) {
        UUID user;
        UUID library;
        if (signal instanceof Signal.Started started) {
            user = started.userId();
            library = started.libraryId();
        } else if (signal instanceof Signal.DirectPlay direct) {
            user = direct.play().userId();
            library = direct.play().libraryId();
        } else if (signal instanceof Signal.Scan scan) {
            user = null;
            library = scan.libraryId();
        } else {
            return null;
        }
        Settings.Privacy privacy = settings.privacy();
        if (library != null && privacy.excludedLibraries().contains(library)) {
            return EXCLUDED_LIBRARY;
        }
        if (user == null) {
            return null;
        }
        if (privacy.excludedUsers().contains(user)) {
            return EXCLUDED_USER;
        }
        return holds.heldBecause(user);
    }

    /** Counts an event that is deliberately not recorded; says so in the log at most once a minute. */
    void ignored(String reason) {
        counters.ignored(reason);
        ignoredSinceLog.incrementAndGet();
        if (timeToLog(lastIgnoredLog, IGNORED_LOG_INTERVAL)) {
            LOG.info("Analytics did not record an event because {} ({} events not recorded since the last report, counted "
                    + "by reason in the ingest statistics)", reason, ignoredSinceLog.getAndSet(0));
        }
    }

    /** Counts a refused direct call. */
    void rejected(InvalidInputException failure) {
        counters.rejected(failure);
    }

    private void rejected(String topic, InvalidInputException failure) {
        counters.rejected(failure);
        rejectedSinceLog.incrementAndGet();
        if (timeToLog(lastRejectionLog, REJECTION_LOG_INTERVAL)) {
            LOG.warn("Analytics ignored a bad {} event: {} ({} bad events since the last report; all are counted in "
                    + "the ingest statistics)", topic, failure.getMessage(), rejectedSinceLog.getAndSet(0));
        }
    }

    /** Whether a line repeated for many events is due: the first time, then at most once an interval, from any thread. */
    private static boolean timeToLog(AtomicLong lastLog, Duration interval) {
        long now = System.nanoTime();
        long last = lastLog.get();
        return (last == Long.MIN_VALUE || now - last >= interval.toNanos()) && lastLog.compareAndSet(last, now);
    }
}
