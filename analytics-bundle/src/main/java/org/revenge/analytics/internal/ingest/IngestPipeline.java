package org.revenge.analytics.internal.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.ConfigurationException;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.service.PlaybackRules;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.IngestMapper;
import org.revenge.analytics.internal.store.JournalCheckpoint;
import org.revenge.analytics.internal.store.LibraryMapper;
import org.revenge.analytics.internal.store.LibrarySnapshot;
import org.revenge.analytics.internal.store.PlayColumns;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.PrivacyMapper;
import org.revenge.analytics.internal.store.SessionColumns;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording path. Callers (the EventAdmin handler, {@code recordPlayback}) only validate and
 * hand over a {@link Signal} to a bounded queue, so no caller ever blocks or does I/O. The writer
 * empties the queue into the journal on disk whether or not the database is there, so it fills only
 * if the journal cannot be written (a full disk) for longer than the memory bound covers; then a
 * new event is refused, counted under {@code queue: full} and logged. One writer thread, batch by batch:
 * <ol>
 * <li>appends the batch to the {@link Journal} (from then on a killed JVM loses nothing of it);</li>
 * <li>applies it to the {@link Sessionizer};</li>
 * <li>writes what changed, and the journal checkpoint, in one PostgreSQL transaction, then empties
 *     the journal.</li>
 * </ol>
 * While the database is away it keeps journaling and retries with backoff. It does not need the
 * database to start: until the store is there, signals wait in the journal, and are replayed over
 * the persisted session state once it comes. Its memory is bounded ({@code ingest.memory.max.events}):
 * once that many events wait unwritten it lets go of its session state and pending writes, and
 * everything waits in the journal until the database is back; the journal is then replayed in
 * batches, each written with its checkpoint before the next is read.
 */
@Component(service = IngestPipeline.class, configurationPid = AnalyticsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long POLL_MILLIS = 50;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(15);
    private static final Duration REJECTION_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REPLAY_REPORT_INTERVAL = Duration.ofSeconds(10);

    private final Clock clock;
    private final BlockingQueue<Signal> queue;
    private final IngestCounters counters = new IngestCounters();
    private final AtomicLong rejectedSinceLog = new AtomicLong();
    private final AtomicLong lastRejectionLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(Long.MIN_VALUE);
    private final Journal journal;
    private final Path journalDirectory;
    private final Thread writer;

    private volatile Settings settings;
    private volatile EventParser parser;
    private volatile AnalyticsStore store;
    private volatile boolean running = true;
    /** When the oldest signal not yet in the database arrived, or null if none waits. */
    private volatile Instant oldestUnwritten;
    /** Signals handed over by callers, and of those, how many are durable in the database. */
    private final AtomicLong handedOver = new AtomicLong();
    private volatile long committed;
    /** What the memory bound counts, as of the writer's last round. */
    private volatile int inMemory;

    // writer-thread state
    private AnalyticsStore restoredFrom;
    private Sessionizer sessionizer;
    private final PendingWrites pending = new PendingWrites();
    private final Set<LocalDate> partitions = new HashSet<>();
    private long taken;
    private Instant nextExpiry = Instant.MIN;
    private Duration backoff = FIRST_RETRY;
    private Instant nextAttempt = Instant.MIN;
    /** While the journal is being replayed after a restore: where it is. */
    private Journal.Replay replaying;
    private long replayed;
    private long replayTotal;
    private Instant nextReplayReport = Instant.MIN;
    /** The last signal applied, which the next checkpoint names. */
    private Journal.Position applied = Journal.Position.NONE;
    /** Since the last append failed, with the failure, until one succeeds. */
    private String journalFailure;

    /**
     * The service property of the registered host-event handler, to find it by. The relay bundle
     * calls the {@code EventHandler} registered with it; the name is part of the contract between
     * the two bundles.
     */
    public static final String HANDLER_PROPERTY = "revenge.analytics.handler";

    /** The handler's service property saying whether analytics records ({@code enabled}). */
    public static final String ENABLED_PROPERTY = "revenge.analytics.enabled";

    /** Why events are not recorded, as counted under {@code ignored: ...} in the ingest statistics. */
    static final String DISABLED = "analytics is disabled";
    static final String OPTED_OUT = "the user opted out";
    static final String EXCLUDED_USER = "the user is excluded by privacy.excluded.users";
    static final String EXCLUDED_LIBRARY = "the library is excluded by privacy.excluded.libraries";
    static final String ERASING = "the user is being erased";
    /** Why an event was refused although valid, as counted under {@code queue: ...}. */
    static final String QUEUE_FULL = "full";

    private static final Duration IGNORED_LOG_INTERVAL = Duration.ofMinutes(1);
    private static final Duration OPT_OUT_REFRESH = Duration.ofMinutes(1);

    /** Users who opted out: read from the database at start and every minute, changed at once by the admin service. */
    private volatile Set<UUID> optedOut = Set.of();
    /** Users whose erasure is under way: nothing of theirs is taken until it has committed. */
    private final Set<UUID> erasing = ConcurrentHashMap.newKeySet();
    /** Users whose state in memory the writer must drop, with who waits for it. */
    private final ConcurrentLinkedQueue<UserDrop> drops = new ConcurrentLinkedQueue<>();
    private final AtomicLong ignoredSinceLog = new AtomicLong();
    private final AtomicLong lastIgnoredLog = new AtomicLong(Long.MIN_VALUE);

    /**
     * A request to the writer to forget a user. {@code done} completes once nothing of the user is
     * held in memory and the journal holds nothing that a replay could bring back.
     */
    private record UserDrop(UUID userId, CompletableFuture<Void> done, long handedOverBefore) {
    }

    // writer-thread state for the drops
    private final List<UserDrop> awaitingEmptyJournal = new ArrayList<>();
    private Instant nextOptOutRefresh = Instant.MIN;

    private final Object registrationLock = new Object();
    private BundleContext context;
    private ServiceRegistration<EventHandler> handler;
    private boolean handlerEnabled;
    /** False from the moment {@link #close()} starts: host events are refused, never silently lost. */
    private volatile boolean accepting = true;
    /** Host events inside {@link #offer}, which {@link #close()} waits out before the writer's last pass. */
    private final AtomicInteger offering = new AtomicInteger();

    @Activate
    public IngestPipeline(BundleContext context, AnalyticsConfiguration config) throws IOException {
        this(Settings.from(refuseSecondCopy(context, config)), context.getDataFile("journal").toPath(), Clock.systemUTC());
        this.context = context;
        receiveHostEvents(settings.enabled());
    }

    /**
     * Two copies of the plugin (say a feature's and another version's jar in {@code deploy/}) would
     * both take over the open sessions and close them twice; the copy that came second stays off.
     */
    private static AnalyticsConfiguration refuseSecondCopy(BundleContext context, AnalyticsConfiguration config) {
        Bundle self = context.getBundle();
        for (Bundle other : context.getBundles()) {
            if (other.getBundleId() != self.getBundleId() && self.getSymbolicName().equals(other.getSymbolicName())
                    && (other.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                String refusal = "Analytics is not started in bundle " + self.getBundleId() + " (" + self.getVersion() + ", "
                        + self.getLocation() + "): bundle " + other.getBundleId() + " (" + other.getVersion() + ", "
                        + other.getLocation() + ") already records. Two copies would count open sessions twice; "
                        + "uninstall one of them (bundle:uninstall, or remove its jar from deploy/), then restart the other";
                LOG.error(refusal);
                throw new IllegalStateException(refusal);
            }
        }
        return config;
    }

    /**
     * @param settings   the configuration
     * @param journalDir where the journal lives
     * @param clock      the clock for event validation and idle timeouts
     */
    public IngestPipeline(Settings settings, Path journalDir, Clock clock) throws IOException {
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.journalDirectory = journalDir;
        this.journal = new Journal(journalDir, settings.journaling().sync(), settings.journaling().syncInterval());
        apply(settings);
        if (journal.size() > 0) {
            LOG.info("Analytics found {} journaled events from before the last stop; they are written once the database is ready",
                    journal.size());
        }
        this.writer = new Thread(this::writeLoop, "analytics-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        try {
            apply(Settings.from(config));
            receiveHostEvents(settings.enabled());
        } catch (ConfigurationException e) {
            // reported by the schema migrator, which stops the plugin
        }
    }

    /**
     * Registers the host-event handler for the pipeline's whole life, with {@link #ENABLED_PROPERTY}
     * saying whether analytics records. It has no {@code event.topics}, so EventAdmin never calls
     * it: the relay bundle ({@code org.revenge.analytics.relay}) subscribes to the host's topics and
     * hands each event to it, keeping events back while this bundle is stopped or updated. While
     * disabled the handler stays registered and ignores events, so that the relay can tell
     * "disabled" (drop) from "restarting" (keep); what was already received is still written.
     */
    private void receiveHostEvents(boolean enabled) {
        synchronized (registrationLock) {
            if (context == null) {
                return;
            }
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(HANDLER_PROPERTY, Boolean.TRUE);
            properties.put(ENABLED_PROPERTY, enabled);
            if (handler == null) {
                handler = context.registerService(EventHandler.class, new HostEventHandler(this), properties);
            } else if (enabled == handlerEnabled) {
                return;
            } else {
                handler.setProperties(properties);
            }
            handlerEnabled = enabled;
            if (enabled) {
                LOG.info("Analytics is enabled: it receives the host's playback and library events");
            } else {
                LOG.info("Analytics is disabled: host events are no longer received; stored figures can still be read");
            }
        }
    }

    private void apply(Settings changed) {
        parser = new EventParser(clock, new PlaybackRules(clock, changed.rawRetention()), changed.rawRetention());
        if (journal != null) {
            journal.syncPolicy(changed.journaling().sync(), changed.journaling().syncInterval());
        }
        settings = changed;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindStore(AnalyticsStore store) {
        this.store = store;
    }

    public void unbindStore(AnalyticsStore store) {
        if (this.store == store) {
            this.store = null;
        }
    }

    // ---- callers' side: no I/O, never blocks ----------------------------------------------------

    /**
     * Validates a host event and hands it to the writer. A bad event is counted by reason and
     * logged at most every 10 seconds, never thrown.
     *
     * @throws IllegalStateException once the pipeline is closing: the event was not taken, and the
     *                               caller (the relay) keeps it for the next start
     */
    public void offer(Event event) {
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
     * Dekker-style handshake with {@link #close()}: either close() sees this caller in flight and
     * waits for it, or this caller sees that the pipeline no longer accepts; nothing falls in
     * between. A true result must be followed by {@code offering.decrementAndGet()}.
     */
    private boolean enter() {
        offering.incrementAndGet();
        if (!accepting) {
            offering.decrementAndGet();
            return false;
        }
        return true;
    }

    /** @return whether analytics records host events ({@code enabled}) */
    boolean enabled() {
        return settings.enabled();
    }

    /**
     * Hands an already validated signal to the writer, unless it is of an opted-out, excluded or
     * erased user or an excluded library: that one is counted as ignored and dropped here, before
     * it is queued or journaled.
     *
     * @return false if the pipeline is closing: the signal was not taken, and would have been
     *         neither written nor journaled
     * @throws StorageUnavailableException if the queue is full (the journal cannot be written and
     *                                     the memory bound is reached): nothing was taken
     */
    public boolean record(Signal signal) {
        if (!enter()) {
            return false;
        }
        try {
            if (!take(signal)) {
                throw new StorageUnavailableException("Analytics stored nothing: its queue of " + settings.queueCapacity()
                        + " events is full because its journal cannot be written (is its disk full?) and it holds as many "
                        + "events in memory as ingest.memory.max.events allows; call again once space is back", null);
            }
            return true;
        } finally {
            offering.decrementAndGet();
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
        return enqueue(signal);
    }

    private boolean enqueue(Signal signal) {
        if (!queue.offer(signal)) {
            refused();
            return false;
        }
        counters.accepted();
        if (oldestUnwritten == null) {
            oldestUnwritten = clock.instant();
        }
        handedOver.incrementAndGet();
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
                    refusedSinceLog.getAndSet(0), settings.queueCapacity(), settings.journaling().memoryMaxEvents());
        }
    }

    /**
     * @return why the signal must not be recorded, or {@code null} if it may be; progress and stop
     *         signals name no user, and are ignored by the sessionizer when their start was
     */
    private String ignoredBecause(Signal signal) {
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
        if (optedOut.contains(user)) {
            return OPTED_OUT;
        }
        return erasing.contains(user) ? ERASING : null;
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

    // ---- privacy: opted-out and erased users ---------------------------------------------------

    /**
     * Stops recording a user at once: their events are dropped from now on, and the writer drops
     * their open sessions and unwritten plays within moments.
     */
    public void optOut(UUID userId) {
        Set<UUID> changed = new HashSet<>(optedOut);
        changed.add(userId);
        optedOut = Set.copyOf(changed);
        drops.add(new UserDrop(userId, new CompletableFuture<>(), handedOver.get()));
    }

    /** Records a user again. */
    public void optIn(UUID userId) {
        Set<UUID> changed = new HashSet<>(optedOut);
        changed.remove(userId);
        optedOut = Set.copyOf(changed);
    }

    /** @return whether the user's events are dropped as opted out */
    public boolean optedOut(UUID userId) {
        return optedOut.contains(userId);
    }

    /**
     * Holds a user back for an erasure: from now until the returned handle is closed their events
     * are dropped, and this returns once the writer has dropped everything it held of them and
     * written (and so removed from its journal) everything it had taken before. What the erasure
     * then deletes cannot come back from memory or from a replay of the journal.
     *
     * @param wait how long to wait for the writer
     * @return closing it records the user again (unless opted out or excluded)
     * @throws StorageUnavailableException if the writer could not get there in time (the database is away)
     */
    public UserHold holdForErasure(UUID userId, Duration wait) {
        erasing.add(userId);
        UserDrop drop = new UserDrop(userId, new CompletableFuture<>(), handedOver.get());
        drops.add(drop);
        try {
            drop.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            erasing.remove(userId);
            throw new StorageUnavailableException("Cannot erase the user now: the analytics writer could not write what "
                    + "it holds within " + wait.toSeconds() + " s (is the database reachable?)", e);
        } catch (InterruptedException e) {
            erasing.remove(userId);
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("Interrupted while waiting for the analytics writer", e);
        }
        return () -> erasing.remove(userId);
    }

    /** Writer thread: forgets the users asked for, once the sessionizer holds the restored state. */
    private void dropUsers() {
        UserDrop drop;
        while ((drop = drops.poll()) != null) {
            if (!optedOut.contains(drop.userId()) && !erasing.contains(drop.userId())) {
                // opted in again before the writer got to it
                drop.done().complete(null);
                continue;
            }
            int sessions = sessionizer.dropUser(drop.userId());
            int writes = pending.dropUser(drop.userId());
            if (sessions + writes > 0) {
                LOG.info("Analytics dropped {} sessions and {} unwritten plays or sessions of a user it no longer records",
                        sessions, writes);
            }
            awaitingEmptyJournal.add(drop);
        }
    }

    /** Writer thread: what was journaled before a drop is now in the database, so no replay brings it back. */
    private void confirmDrops() {
        if (journal.size() == 0) {
            // signals queued before the drop are taken (and then ignored) before it counts as done
            awaitingEmptyJournal.removeIf(drop -> {
                if (taken < drop.handedOverBefore()) {
                    return false;
                }
                drop.done().complete(null);
                return true;
            });
        }
    }

    /** Writer thread: takes the opt-outs other nodes (or an earlier run) stored. */
    private void refreshOptOuts(AnalyticsStore current) {
        Instant now = clock.instant();
        if (now.isBefore(nextOptOutRefresh)) {
            return;
        }
        nextOptOutRefresh = now.plus(OPT_OUT_REFRESH);
        optedOut = Set.copyOf(current.read("read the opted-out users", PrivacyMapper.class, PrivacyMapper::optedOutUsers));
    }

    private void refreshOptOutsSafely(AnalyticsStore current) {
        try {
            refreshOptOuts(current);
        } catch (StorageUnavailableException e) {
            // the next write finds the database away too, and says so
        }
    }

    /** A user held back from recording until it is closed. */
    public interface UserHold extends AutoCloseable {
        @Override
        void close();
    }

    /** Counts a refused direct call. */
    public void rejected(InvalidInputException failure) {
        counters.rejected(failure);
    }

    /** Whether a line repeated for many events is due: the first time, then at most once an interval, from any thread. */
    private static boolean timeToLog(AtomicLong lastLog, Duration interval) {
        long now = System.nanoTime();
        long last = lastLog.get();
        return (last == Long.MIN_VALUE || now - last >= interval.toNanos()) && lastLog.compareAndSet(last, now);
    }

    private void rejected(String topic, InvalidInputException failure) {
        counters.rejected(failure);
        rejectedSinceLog.incrementAndGet();
        if (timeToLog(lastRejectionLog, REJECTION_LOG_INTERVAL)) {
            LOG.warn("Analytics ignored a bad {} event: {} ({} bad events since the last report; all are counted in "
                    + "the ingest statistics)", topic, failure.getMessage(), rejectedSinceLog.getAndSet(0));
        }
    }

    /** @return the counters, with what is waiting in memory and in the journal */
    public IngestStats stats() {
        Instant oldest = oldestUnwritten;
        Duration lag = oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
        // taken from callers and not yet journaled: the queue, and what the writer holds while the journal fails
        long appended = counters.journaled();
        long inMemory = Math.max(0, handedOver.get() - appended);
        return counters.snapshot(inMemory, journal.size(), lag.isNegative() ? Duration.ZERO : lag);
    }

    /** @return the unwritten plays, sessions and signals the writer held at the end of its last round */
    int unwrittenInMemory() {
        return inMemory;
    }

    /** @return whether everything handed over so far is in the database */
    public boolean idle() {
        return committed == handedOver.get();
    }

    // ---- the writer thread ---------------------------------------------------------------------

    private void writeLoop() {
        try {
            writeUntilStopped();
        } finally {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.error("Analytics could not close its journal: {}", e.getMessage());
            }
        }
    }

    private void writeUntilStopped() {
        List<Signal> batch = new ArrayList<>();
        boolean last = false;
        while (!last) {
            last = !running;
            try {
                take(batch, last);
                boolean journaled = journalSafely(batch);
                journal.syncIfDue();
                AnalyticsStore current = store;
                if (sessionizer != null && current != restoredFrom) {
                    notRestored();
                }
                if (sessionizer == null) {
                    if (current != null && due()) {
                        restore(current);
                    }
                } else {
                    // first, so that nothing of this batch is dropped for a user who opted in again meanwhile
                    dropUsers();
                    if (replaying != null) {
                        // the batch is in the journal, where the replay reaches it
                        replayNext();
                    } else if (journaled) {
                        batch.forEach(this::applyOne);
                        applied = journal.lastPosition();
                    }
                }
                if (journaled) {
                    batch.clear();
                }
                inMemory = pending.size() + batch.size();
                if (sessionizer != null) {
                    expireNowAndThen();
                    // with nothing pending, a flush still moves the checkpoint past ignored signals
                    if ((!pending.isEmpty() || journal.size() > 0) && due()) {
                        flush(current);
                    }
                    letGoAboveTheMemoryBound();
                }
                if (sessionizer != null) {
                    confirmDrops();
                    if (current != null && due()) {
                        refreshOptOutsSafely(current);
                    }
                    if (replaying == null && pending.isEmpty() && journal.size() == 0 && batch.isEmpty()) {
                        committed = taken;
                        if (taken == handedOver.get()) {
                            oldestUnwritten = null;
                        }
                    }
                }
            } catch (IOException e) {
                LOG.error("Analytics cannot read or sync its journal ({}); it tries again", e.getMessage(), e);
                pause();
            } catch (RuntimeException e) {
                LOG.error("Analytics writer failed; it carries on with the next batch", e);
                pause();
            }
        }
    }

    /**
     * Appends the batch to the journal. A failure (a full disk, an I/O error) is said once, in
     * words, and counted; the batch stays in memory, growing up to the memory bound, and is
     * appended whole once the journal can be written again, so nothing is journaled twice or torn.
     *
     * @return whether the batch is in the journal
     */
    private boolean journalSafely(List<Signal> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        try {
            journal.append(batch);
        } catch (IOException e) {
            counters.journalFailed();
            if (journalFailure == null) {
                journalFailure = String.valueOf(e.getMessage());
                LOG.error("Analytics cannot write its journal in {} ({}). Events are held in memory, up to {} "
                        + "(ingest.memory.max.events), and journaled as soon as it can be written again; beyond that, new "
                        + "events are refused and counted. Free space on that file system", journalDirectory,
                        journalFailure, settings.journaling().memoryMaxEvents());
            }
            pause();
            return false;
        }
        if (journalFailure != null) {
            LOG.info("Analytics can write its journal again; the {} events it held in memory are journaled", batch.size());
            journalFailure = null;
        }
        counters.journaled(batch.size());
        return true;
    }

    /** Writer thread: applies the next part of the journal, once the last part is written. */
    private void replayNext() throws IOException {
        if (!due() || pending.size() >= settings.batchSize()) {
            return;
        }
        List<Signal> part = replaying.next(settings.batchSize());
        part.forEach(this::applyOne);
        applied = replaying.position();
        replayed += part.size();
        Instant now = clock.instant();
        if (part.isEmpty()) {
            replaying = null;
            LOG.info("Analytics recording is ready: {} open sessions taken over, {} journaled events replayed",
                    sessionizer.openSessions(), replayed);
        } else if (!now.isBefore(nextReplayReport)) {
            nextReplayReport = now.plus(REPLAY_REPORT_INTERVAL);
            LOG.info("Analytics replays its journal: {} of about {} events", replayed, Math.max(replayed, replayTotal));
        }
    }

    /**
     * Writer thread: once more events wait unwritten than the memory bound allows (the database
     * is away), lets go of the session state and pending writes; the journal holds all of it, and
     * a restore rebuilds it from the database and a replay once the database is back.
     */
    private void letGoAboveTheMemoryBound() {
        int unwritten = pending.size();
        if (unwritten < settings.journaling().memoryMaxEvents()) {
            return;
        }
        LOG.warn("Analytics holds {} unwritten plays and sessions, its memory bound (ingest.memory.max.events = {}), and "
                + "the database does not take them; it lets go of them: everything waits in the journal ({} events) and is "
                + "replayed once the database is back", unwritten, settings.journaling().memoryMaxEvents(), journal.size());
        notRestored();
    }

    /** Waits briefly for the first signal, then takes what else is there, up to a batch (while the journal fails, up to the memory bound). */
    private void take(List<Signal> batch, boolean drainAll) {
        int before = batch.size();
        int limit = drainAll ? Integer.MAX_VALUE
                : batch.isEmpty() ? settings.batchSize() : Math.max(settings.journaling().memoryMaxEvents(), batch.size());
        if (!drainAll && batch.isEmpty()) {
            try {
                Signal first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        queue.drainTo(batch, limit - batch.size());
        taken += batch.size() - before;
    }

    /** Reads the database's state and starts replaying the journal from its checkpoint. */
    private void restore(AnalyticsStore current) throws IOException {
        Sessionizer restored = new Sessionizer(settings.rules(), clock, pending);
        sessionizer = restored;
        try {
            JournalCheckpoint checkpoint = current.read("read the recording state", IngestMapper.class,
                    mapper -> mapper.checkpoint(journal.id()));
            // before the replay, so that what an opted-out user did while the database was away stays out
            nextOptOutRefresh = Instant.MIN;
            refreshOptOuts(current);
            Instant resumableSince = clock.instant().minus(settings.rules().resumeWindow());
            restored.restore(current.read("read the open sessions", IngestMapper.class, IngestMapper::sessions),
                    current.read("read the plays a start may resume", IngestMapper.class,
                            mapper -> mapper.resumablePlays(resumableSince, resumableSince.minus(Duration.ofDays(2)))));
            applied = checkpoint == null ? Journal.Position.NONE
                    : new Journal.Position(checkpoint.generation(), checkpoint.sequence());
            replaying = journal.replay(applied);
        } catch (StorageUnavailableException e) {
            notRestored();
            retryLater("read its recording state", e);
            return;
        } catch (RuntimeException e) {
            // nothing may be checkpointed past records that were not replayed
            notRestored();
            throw e;
        }
        restoredFrom = current;
        partitions.clear();
        backoff = FIRST_RETRY;
        nextAttempt = Instant.MIN;
        replayed = 0;
        replayTotal = journal.size();
        nextReplayReport = clock.instant().plus(REPLAY_REPORT_INTERVAL);
        replayNext();
    }

    private void notRestored() {
        sessionizer = null;
        restoredFrom = null;
        replaying = null;
        pending.clear();
    }

    /** Idle sessions are looked for once a second, not after every batch: it walks every session. */
    private void expireNowAndThen() {
        Instant now = clock.instant();
        if (!now.isBefore(nextExpiry)) {
            sessionizer.expire();
            nextExpiry = now.plusSeconds(1);
        }
    }

    private void applyOne(Signal signal) {
        // taken before an opt-out or erasure began, or journaled before the opt-outs were read
        String ignoredBecause = ignoredBecause(signal);
        if (ignoredBecause != null) {
            ignored(ignoredBecause);
            return;
        }
        if (signal instanceof Signal.DirectPlay direct) {
            pending.play(direct.play());
        } else if (signal instanceof Signal.Scan scan) {
            pending.scans.add(new LibrarySnapshot(scan.libraryId(),
                    LocalDate.ofInstant(scan.stats().scannedAt(), settings.zone()), scan.stats().scannedAt(),
                    scan.stats().totalItems(), scan.stats().totalSizeBytes(), scan.stats().missingMetadata(),
                    scan.stats().orphanedFiles(), scan.stats().addedItems()));
        } else {
            sessionizer.apply(signal);
        }
    }

    private void flush(AnalyticsStore current) throws IOException {
        if (current == null) {
            return;
        }
        Journal.Position checkpoint = applied;
        Instant oldestKept = clock.instant().minus(settings.rawRetention());
        if (pending.plays.values().removeIf(play -> play.startedAt().isBefore(oldestKept))) {
            LOG.warn("Analytics did not store plays that started before the raw-event retention of {} days",
                    settings.rawRetention().toDays());
        }
        Set<LocalDate> days = new HashSet<>();
        for (PlaybackEvent play : pending.plays.values()) {
            LocalDate day = LocalDate.ofInstant(play.startedAt(), ZoneOffset.UTC);
            if (!partitions.contains(day)) {
                days.add(day);
            }
        }
        try {
            current.writeBatch("write " + pending.plays.size() + " plays", session -> {
                PlaybackMapper plays = session.getMapper(PlaybackMapper.class);
                days.forEach(plays::ensurePartition);
                if (!pending.plays.isEmpty()) {
                    writePlays(plays, pending.plays.values());
                }
                LibraryMapper libraries = session.getMapper(LibraryMapper.class);
                pending.scans.forEach(libraries::upsertSnapshot);
                IngestMapper state = session.getMapper(IngestMapper.class);
                if (!pending.sessions.isEmpty()) {
                    state.upsertSessions(new SessionColumns(pending.sessions.values()));
                }
                if (!pending.closedSessions.isEmpty()) {
                    state.deleteSessions(pending.closedSessions.toArray(UUID[]::new));
                }
                state.saveCheckpoint(journal.id(), checkpoint.generation(), checkpoint.sequence());
            });
        } catch (StorageUnavailableException e) {
            // a partition may have gone (retention, a recreated database): check them again next time
            partitions.clear();
            if (refusedData(e) && !pending.plays.isEmpty()) {
                setAsideRefusedPlays(current);
                return;
            }
            retryLater("write " + (pending.plays.size() + pending.scans.size()) + " plays and scans", e);
            return;
        }
        partitions.addAll(days);
        counters.written(pending.plays.size());
        pending.written();
        if (replaying == null) {
            // everything journaled is applied, and now written
            journal.clear();
        }
        if (backoff.compareTo(FIRST_RETRY) > 0) {
            LOG.info("Analytics database is back; the waiting events are written");
        }
        backoff = FIRST_RETRY;
        nextAttempt = Instant.MIN;
    }

    private void writePlays(PlaybackMapper mapper, Collection<PlaybackEvent> plays) {
        PlayColumns columns = new PlayColumns(plays);
        mapper.addClientTypes(columns.clientType);
        mapper.upsertPlays(columns, settings.zone().getId());
    }

    /** Whether the database refused the data itself (SQLState class 22 or 23), which no retry can fix. */
    private static boolean refusedData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the pending plays one by one, so that one the database refuses cannot hold up the
     * others: a refused play is logged with its fields and counted, never retried for ever, and
     * the rest of the batch goes on as usual.
     */
    private void setAsideRefusedPlays(AnalyticsStore current) throws IOException {
        for (PlaybackEvent play : List.copyOf(pending.plays.values())) {
            LocalDate day = LocalDate.ofInstant(play.startedAt(), ZoneOffset.UTC);
            try {
                current.writeBatch("write the play " + play.id(), session -> {
                    PlaybackMapper plays = session.getMapper(PlaybackMapper.class);
                    plays.ensurePartition(day);
                    writePlays(plays, List.of(play));
                });
                pending.plays.remove(PendingWrites.PlayKey.of(play));
            } catch (StorageUnavailableException e) {
                if (!refusedData(e)) {
                    retryLater("write the plays one by one", e);
                    return;
                }
                pending.plays.remove(PendingWrites.PlayKey.of(play));
                counters.rejected(new InvalidInputException("play", "refused by the database"));
                LOG.error("Analytics could not store a play, and set it aside: {} ({})", play, Failures.rootMessage(e));
            }
        }
        flush(current);
    }

    private boolean due() {
        return !clock.instant().isBefore(nextAttempt);
    }

    private void retryLater(String what, StorageUnavailableException e) {
        LOG.warn("Analytics could not {} ({}); {} events wait in the journal, next try in {} ms", what,
                Failures.rootMessage(e), journal.size(), backoff.toMillis());
        nextAttempt = clock.instant().plus(backoff);
        backoff = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
    }

    private void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking signals, journals what is still in memory and writes it to the database if it
     * is there; what cannot be written stays in the journal for the next start.
     */
    @Deactivate
    public void close() throws IOException, InterruptedException {
        synchronized (registrationLock) {
            if (handler != null) {
                handler.unregister();
                handler = null;
            }
            context = null;
        }
        accepting = false;
        // callers already inside offer() or record() take microseconds; they must reach the queue before
        // the writer's last pass, or they would be neither written nor journaled
        while (offering.get() > 0) {
            Thread.onSpinWait();
        }
        running = false;
        writer.join(STOP_TIMEOUT.toMillis());
        if (writer.isAlive()) {
            LOG.warn("Analytics writer did not finish within {} s; it closes the journal when it does, and unwritten "
                    + "events stay in it", STOP_TIMEOUT.toSeconds());
            return;
        }
        long left = journal.size();
        if (left > 0) {
            LOG.info("Analytics stopped with {} events in the journal; they are written at the next start", left);
        }
    }
}
