package org.revenge.analytics.internal.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.apache.ibatis.session.SqlSession;
import org.revenge.analytics.internal.config.NodeSettings;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.IngestMapper;
import org.revenge.analytics.internal.store.JournalCheckpoint;
import org.revenge.analytics.internal.store.LibraryMapper;
import org.revenge.analytics.internal.store.LibrarySnapshot;
import org.revenge.analytics.internal.store.NodeMapper;
import org.revenge.analytics.internal.store.PartitionLocks;
import org.revenge.analytics.internal.store.PlayColumns;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.QuarantineMapper;
import org.revenge.analytics.internal.store.SessionColumns;
import org.revenge.analytics.internal.store.SessionRow;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database writer of the recording path. It never takes from the callers: the
 * {@link JournalAppender} puts what they hand over into the {@link Journal} on a thread of its own,
 * and this thread follows the journal. Part by part (at most {@code ingest.batch.size} signals) it:
 * <ol>
 * <li>reads the next signals from the journal, where they already are (a killed JVM loses nothing of them);</li>
 * <li>applies them to the {@link Sessionizer};</li>
 * <li>writes what changed, and the journal checkpoint, in one PostgreSQL transaction, then empties
 *     the journal if nothing was appended meanwhile.</li>
 * </ol>
 * While the database is away it retries with backoff (a connection attempt may wait up to
 * {@code jdbc.connect.timeout.sec}, which holds up only this thread) and reads no further, so what
 * waits for the database waits on disk. It does not need the database to start: until the store is
 * there, signals wait in the journal, and are replayed over the persisted session state once it
 * comes. Its memory is bounded ({@code ingest.memory.max.events}): it reads a part only while fewer
 * writes than that wait, and lets go of its state should they pass it; a restore rebuilds it from
 * the database and the journal.
 */
final class IngestWriter {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long POLL_MILLIS = 50;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(15);
    private static final Duration REPLAY_REPORT_INTERVAL = Duration.ofSeconds(10);
    /**
     * The pauses between attempts at a missing partition, each attempt waiting at most
     * {@link PlaybackMapper#DDL_LOCK_WAIT}: about 3 s in all, then the batch waits for the next round.
     */
    private static final List<Duration> PARTITION_PAUSES = List.of(Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMillis(400));
    /** The next try after other writers held a write up: soon, since the database is there. */
    private static final Duration CONTENTION_RETRY = Duration.ofMillis(250);
    /** Held up this long, the writer says so again, as a warning. */
    private static final Duration LONG_CONTENTION = Duration.ofMinutes(1);

    private static final Duration STOP_DRAIN = Duration.ofSeconds(20);

    private final Clock clock;
    private final Journal journal;
    private final JournalAppender appender;
    private final SignalQueue queue;
    private final Admission admission;
    private final UserHolds holds;
    private final IngestCounters counters;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Redrive> redrives = new ConcurrentLinkedQueue<>();
    /** Signals the journal could not encode, from the appender, for the quarantine. */
    private final ConcurrentLinkedQueue<PendingWrites.Quarantined> unjournaled = new ConcurrentLinkedQueue<>();

    private volatile AnalyticsStore store;
    /** Owner of the sessions this writer holds, holder of a lease in {@code analytics_node}. */
    private final String nodeId;
    private volatile NodeSettings nodes;
    /** Another node announced an erasure: the writer reads the erasures it has not seen at once. */
    private volatile boolean erasuresAnnounced;
    private volatile boolean running = true;
    /** Of the signals handed over, how many are durable in the database. */
    private volatile long committed;
    /** What the memory bound counts, as of the writer's last round. */
    private volatile int inMemory;
    /** The open sessions the sessionizer holds, as of its last idle check (once a second). */
    private volatile int openSessions;

    // writer-thread state
    private AnalyticsStore restoredFrom;
    private Sessionizer sessionizer;
    private final PendingWrites pending = new PendingWrites();
    /**
     * Quarantine entries of signals that never reached the journal: kept until written, whatever
     * happens to the session state, since no replay can bring them back.
     */
    private final List<PendingWrites.Quarantined> setAsideBeforeTheJournal = new ArrayList<>();
    /** Of the signals handed over, how many never reached the journal and are in the quarantine table. */
    private long unjournaledStored;
    private final Set<LocalDate> partitions = new HashSet<>();
    private Instant nextExpiry = Instant.MIN;
    private Duration backoff = FIRST_RETRY;
    private Instant nextAttempt = Instant.MIN;
    /** Since when other transactions hold the writes up (lock waits, deadlocks), or null while none do. */
    private Instant contendedSince;
    private boolean longContentionSaid;
    /** Where the writer is in the journal, from the restore on; null while not restored. */
    private Journal.Replay cursor;
    /** Whether the journal found at the restore is still being replayed (for the log). */
    private boolean replaying;
    private long replayed;
    private long replayTotal;
    private Instant nextReplayReport = Instant.MIN;
    /** The last signal applied, which the next checkpoint names. */
    private Journal.Position applied = Journal.Position.NONE;
    /** When the lease is next renewed and dead nodes looked for. */
    private Instant nextRenewal = Instant.MIN;
    /** The last erasure (user_erasure_fence.seq) this writer has honoured. */
    private long erasuresSeen;
    /**
     * Users erased through other nodes within the fence's 7 days: nothing of theirs from before the
     * erasure is taken (it may have been held here, or journaled, before the erasure).
     */
    private final Map<UUID, Instant> erasedBefore = new HashMap<>();

    IngestWriter(Clock clock, Journal journal, SignalQueue queue, Admission admission, UserHolds holds,
            IngestCounters counters) {
        this(clock, journal, queue, admission, holds, counters, NodeSettings.DEFAULT);
    }

    /** @param nodes this node's id ({@code null}: the journal's) and lease */
    IngestWriter(Clock clock, Journal journal, SignalQueue queue, Admission admission, UserHolds holds,
            IngestCounters counters, NodeSettings nodes) {
        this.clock = clock;
        this.nodeId = nodes.nodeId() == null ? journal.id() : nodes.nodeId();
        this.nodes = nodes;
        this.journal = journal;
        this.appender = new JournalAppender(journal, queue, admission::settings, counters, this::unjournaled);
        this.queue = queue;
        this.admission = admission;
        this.holds = holds;
        this.counters = counters;
        this.thread = new Thread(this::writeLoop, "analytics-writer");
        thread.setDaemon(true);
    }

    /** Starts the appender's thread and the writer's. */
    void start() {
        appender.start();
        thread.start();
    }

    /** The database to write to, or {@code null} while there is none. */
    void store(AnalyticsStore changed) {
        store = changed;
    }

    AnalyticsStore store() {
        return store;
    }

    /** @return the id under which this node owns sessions and holds its lease */
    String nodeId() {
        return nodeId;
    }

    /** @return the OSGi framework's UUID this node runs in, {@code null} outside one */
    String framework() {
        return nodes.framework();
    }

    /** A changed lease length or renewal interval, from the next renewal on. */
    void nodes(NodeSettings changed) {
        nodes = changed;
    }

    /** Another node erased a user: what this writer holds of them goes within the next round. */
    void erasureAnnounced() {
        erasuresAnnounced = true;
    }

    /** @return whether everything handed over so far is in the database */
    boolean idle() {
        return committed == queue.handedOver();
    }

    /**
     * @return the unwritten plays and sessions the writer held at the end of its last round, and the
     *         signals the appender holds because the journal cannot be written
     */
    int unwrittenInMemory() {
        return inMemory + appender.held();
    }

    /** @return signals taken from the queue and held in memory because the journal cannot be written */
    int heldForTheJournal() {
        return appender.held();
    }

    /** @return the open sessions held in memory, as of the last idle check (at most a second ago) */
    int openSessions() {
        return openSessions;
    }

    /**
     * Stops the appender, once it has journaled what is still queued, then writes what the journal
     * holds, for up to 20 s, if the database is there; what cannot be written stays in the journal
     * for the next start.
     *
     * @return false if the threads did not finish in time (the journal is closed when they do)
     */
    boolean stop(Duration timeout) throws InterruptedException {
        if (!appender.stop(timeout)) {
            LOG.warn("Analytics could not journal what it held within {} s (is the journal's disk failing?); the journal "
                    + "is closed once that is done", timeout.toSeconds());
        }
        running = false;
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    private Settings settings() {
        return admission.settings();
    }

    private void writeLoop() {
        try {
            writeUntilStopped();
        } catch (Error e) {
            LOG.error("Analytics writer stopped ({}); events are still journaled, and written after a restart of the "
                    + "bundle", e, e);
            throw e;
        } finally {
            try {
                // the appender may still append if it did not stop in time
                appender.awaitStopped();
                journal.close();
            } catch (IOException e) {
                LOG.error("Analytics could not close its journal: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeUntilStopped() {
        Instant drainUntil = null;
        while (true) {
            if (!running && drainUntil == null) {
                drainUntil = clock.instant().plus(STOP_DRAIN);
            }
            boolean read = false;
            try {
                read = writeRound();
            } catch (IOException e) {
                LOG.error("Analytics cannot read its journal ({}); it tries again", e.getMessage(), e);
                pause();
            } catch (RuntimeException e) {
                LOG.error("Analytics writer failed; it carries on with the next part", e);
                pause();
            }
            if (drainUntil != null) {
                // stopping: the appender has stopped, so the journal holds all there is; write it while that goes well
                if (sessionizer == null || !due() || journalWritten() || !clock.instant().isBefore(drainUntil)) {
                    return;
                }
            } else if (!read) {
                awaitMore();
            }
        }
    }

    /**
     * One round: restore if need be, apply the next part of the journal, write.
     *
     * @return whether signals were read from the journal
     */
    private boolean writeRound() throws IOException {
        AnalyticsStore current = store;
        if (sessionizer != null && current != restoredFrom) {
            notRestored();
        }
        if (sessionizer == null) {
            if (current == null || !due()) {
                return false;
            }
            restore(current);
        }
        if (sessionizer == null) {
            return false;
        }
        if (!leaseRenewedAndErasuresHonoured(current)) {
            return false;
        }
        // a saved change of the counting rules applies at once, to open sessions too
        if (!sessionizer.rules().equals(settings().rules())) {
            sessionizer.rules(settings().rules());
            LOG.info("Analytics applies the changed counting rules, to the {} open sessions too", sessionizer.openSessions());
        }
        // first, so that nothing of the next part is dropped for a user who opted in again meanwhile
        holds.dropUsers(sessionizer, pending);
        takeRedrives();
        for (PendingWrites.Quarantined entry; (entry = unjournaled.poll()) != null;) {
            setAsideBeforeTheJournal.add(entry);
        }
        boolean read = readNext();
        expireNowAndThen();
        // with nothing pending, a flush still moves the checkpoint past ignored signals
        if ((!pending.isEmpty() || journal.size() > 0 || !setAsideBeforeTheJournal.isEmpty()) && due()) {
            flush(current);
        }
        inMemory = pending.size();
        letGoAboveTheMemoryBound();
        if (sessionizer != null) {
            holds.confirmDrops(committed);
            if (due()) {
                refreshHoldsSafely(current);
            }
        }
        return read;
    }

    /** @return whether everything the journal holds is written and nothing waits in memory */
    private boolean journalWritten() {
        return cursor != null && pending.isEmpty() && journal.size() == 0 && setAsideBeforeTheJournal.isEmpty();
    }

    /** Nothing was read: waits for the appender (or, while the database is away, a moment). */
    private void awaitMore() {
        try {
            if (cursor != null && due() && pending.size() < settings().batchSize()) {
                journal.awaitBeyond(cursor, POLL_MILLIS);
            } else {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Applies the next part of the journal, once the last part is written: at most a batch, and no
     * more than keeps the writes waiting under the memory bound.
     *
     * @return whether signals were read
     */
    private boolean readNext() throws IOException {
        int room = Math.min(settings().batchSize(), settings().journaling().memoryMaxEvents() - pending.size());
        if (!due() || room <= 0 || pending.size() >= settings().batchSize()) {
            return false;
        }
        List<Signal> part = cursor.next(room);
        part.forEach(this::applySafely);
        applied = cursor.position();
        if (replaying) {
            replayed += part.size();
            Instant now = clock.instant();
            if (part.isEmpty()) {
                replaying = false;
                LOG.info("Analytics recording is ready: {} open sessions taken over, {} journaled events replayed",
                        sessionizer.openSessions(), replayed);
            } else if (!now.isBefore(nextReplayReport)) {
                nextReplayReport = now.plus(REPLAY_REPORT_INTERVAL);
                LOG.info("Analytics replays its journal: {} of about {} events", replayed, Math.max(replayed, replayTotal));
            }
        }
        return !part.isEmpty();
    }

    /**
     * Once more writes wait than the memory bound allows (the database is away, and opened sessions
     * or redrives added to what was read), lets go
     * of the session state and pending writes; the journal holds all of it, and a restore rebuilds
     * it from the database and a replay once the database is back.
     */
    private void letGoAboveTheMemoryBound() {
        int unwritten = pending.size();
        int bound = settings().journaling().memoryMaxEvents();
        if (unwritten <= bound) {
            return;
        }
        LOG.warn("Analytics holds {} unwritten plays and sessions, its memory bound (ingest.memory.max.events = {}), and "
                + "the database does not take them; it lets go of them: everything waits in the journal ({} events) and is "
                + "replayed once the database is back", unwritten, bound, journal.size());
        notRestored();
    }

    /** Reads the database's state and starts replaying the journal from its checkpoint. */
    private void restore(AnalyticsStore current) throws IOException {
        Settings settings = settings();
        Sessionizer restored = new Sessionizer(settings.rules(), clock, pending);
        sessionizer = restored;
        try {
            // the lease first: while this node holds it, no other node adopts its sessions
            current.transaction("take this node's lease", session -> {
                NodeMapper leases = session.getMapper(NodeMapper.class);
                leases.holdLease(nodeId, leaseSec(), nodes.framework());
                IngestMapper state = session.getMapper(IngestMapper.class);
                int claimed = state.claimOwnerless(nodeId);
                if (claimed > 0) {
                    LOG.info("Analytics took over {} open sessions stored before sessions had an owning node", claimed);
                }
                if (nodes.framework() != null) {
                    // a copy reinstalled in this framework has a new data area, so a new id: it carries on at once
                    String[] earlier = leases.takeSameFramework(nodeId, nodes.framework()).stream()
                            .map(NodeMapper.DeadNode::nodeId).toArray(String[]::new);
                    if (earlier.length > 0) {
                        LOG.info("Analytics takes over the open sessions of node {}, an earlier copy of the plugin in this "
                                + "framework", String.join(", ", earlier));
                        state.adoptSessions(nodeId, earlier);
                    }
                }
                return null;
            });
            nextRenewal = clock.instant().plus(nodes.renew());
            List<NodeMapper.Erasure> erasures = current.read("read the erasures other nodes made", NodeMapper.class,
                    mapper -> mapper.erasuresAfter(0));
            erasedBefore.clear();
            erasuresSeen = 0;
            erasures.forEach(this::remember);
            JournalCheckpoint checkpoint = current.read("read the recording state", IngestMapper.class,
                    mapper -> mapper.checkpoint(journal.id()));
            // before the replay, so that what an opted-out user did while the database was away stays out
            holds.refreshSoon();
            holds.refresh(() -> optedOutUsers(current));
            Instant resumableSince = clock.instant().minus(settings.rules().resumeWindow());
            restored.restore(current.read("read the open sessions", IngestMapper.class, mapper -> mapper.sessions(nodeId)),
                    current.read("read the plays a start may resume", IngestMapper.class,
                            mapper -> mapper.resumablePlays(resumableSince, resumableSince.minus(Duration.ofDays(2)))));
            applied = checkpoint == null ? Journal.Position.NONE
                    : new Journal.Position(checkpoint.generation(), checkpoint.sequence());
            cursor = journal.replay(applied);
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
        replaying = true;
        replayed = 0;
        replayTotal = journal.size();
        nextReplayReport = clock.instant().plus(REPLAY_REPORT_INTERVAL);
    }

    private int leaseSec() {
        return (int) nodes.lease().toSeconds();
    }

    /**
     * Every {@code node.lease.renew.sec}: renews this node's lease and adopts the open sessions of
     * nodes whose lease ran out; then, and whenever another node announced one, honours the
     * erasures it has not seen. The notification only makes it sooner: the renewal's read, and the
     * read inside every write, find them anyway.
     *
     * @return false if the lease was lost (the state is let go of, and restored next round)
     */
    private boolean leaseRenewedAndErasuresHonoured(AnalyticsStore current) {
        Instant now = clock.instant();
        boolean renewal = !now.isBefore(nextRenewal);
        if (!due() || !renewal && !erasuresAnnounced) {
            return true;
        }
        try {
            if (renewal) {
                nextRenewal = now.plus(nodes.renew());
                int renewed = current.writeState("renew this node's lease", NodeMapper.class,
                        mapper -> mapper.renewLease(nodeId, leaseSec()));
                if (renewed == 0) {
                    leaseLost();
                    return false;
                }
                adoptDeadNodes(current);
            }
            erasuresAnnounced = false;
            current.read("read the erasures other nodes made", NodeMapper.class, mapper -> mapper.erasuresAfter(erasuresSeen))
                    .forEach(this::honour);
        } catch (StorageUnavailableException e) {
            // the next write finds the database away too, and says so
        }
        return true;
    }

    private record Adopted(List<NodeMapper.DeadNode> dead, List<SessionRow> sessions) {
    }

    /**
     * Deletes the lease rows of nodes whose lease ran out and takes their open sessions, in one
     * transaction: of several nodes looking at once, one deletes a row and the others find it gone.
     */
    private void adoptDeadNodes(AnalyticsStore current) {
        Adopted adopted = current.writeState("adopt the open sessions of nodes whose lease ran out", session -> {
            List<NodeMapper.DeadNode> dead = session.getMapper(NodeMapper.class).takeExpired(nodeId);
            if (dead.isEmpty()) {
                return null;
            }
            String[] ids = dead.stream().map(NodeMapper.DeadNode::nodeId).toArray(String[]::new);
            return new Adopted(dead, session.getMapper(IngestMapper.class).adoptSessions(nodeId, ids));
        });
        if (adopted == null) {
            return;
        }
        // the sessions do not say which dead node held them: each is judged from the latest renewal
        Instant lastAlive = adopted.dead().stream().map(NodeMapper.DeadNode::renewedAt).max(Instant::compareTo).orElseThrow();
        sessionizer.adopt(adopted.sessions(), lastAlive);
        for (NodeMapper.DeadNode dead : adopted.dead()) {
            LOG.warn("Analytics node {} renewed its lease last at {} and counts as dead; node {} adopted its open sessions "
                    + "({} in all from the nodes found dead now)", dead.nodeId(), dead.renewedAt(), nodeId,
                    adopted.sessions().size());
        }
    }

    /**
     * Inside every write, first: renews the lease, so an adopter or an erasure waits for this write
     * (or this write for them), and reads the erasures not yet honoured, so that nothing of an
     * erased user is written after the erasure committed.
     */
    private void fence(SqlSession session) {
        NodeMapper mapper = session.getMapper(NodeMapper.class);
        if (mapper.renewLease(nodeId, leaseSec()) == 0) {
            throw new LeaseLost();
        }
        List<NodeMapper.Erasure> erasures = mapper.erasuresAfter(erasuresSeen);
        if (!erasures.isEmpty()) {
            throw new ErasedMeanwhile(erasures);
        }
    }

    /** Another node adopted this node's sessions: nothing of this write may be kept. */
    private static final class LeaseLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLost() {
            super("this node's lease was lost", null, false, false);
        }
    }

    /** A user was erased since the last write: this write is undone, and tried again without them. */
    private static final class ErasedMeanwhile extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<NodeMapper.Erasure> erasures;

        ErasedMeanwhile(List<NodeMapper.Erasure> erasures) {
            super("users were erased", null, false, false);
            this.erasures = erasures;
        }
    }

    private void leaseLost() {
        LOG.error("Analytics node {} lost its lease: it was not renewed within {} s (a long pause, or the database was "
                + "away) and another node adopted its open sessions. It lets go of what it holds and restores its own "
                + "state and its journal", nodeId, leaseSec());
        notRestored();
    }

    /** How long an erasure's fence entry is kept, and so how long it is remembered here. */
    static final Duration ERASURE_FENCE_KEPT = Duration.ofDays(7);

    private void remember(NodeMapper.Erasure erasure) {
        erasuresSeen = Math.max(erasuresSeen, erasure.seq());
        if (erasure.erasedBy().equals(nodeId)) {
            // this node held the user back and wrote what it had before the erasure ran
            return;
        }
        erasedBefore.merge(erasure.userId(), erasure.erasedAt(), (a, b) -> a.isAfter(b) ? a : b);
        Instant forgetBefore = clock.instant().minus(ERASURE_FENCE_KEPT);
        erasedBefore.values().removeIf(at -> at.isBefore(forgetBefore));
    }

    /** Drops what is held of an erased user from before the erasure, and ignores it from now on. */
    private void honour(NodeMapper.Erasure erasure) {
        remember(erasure);
        if (sessionizer == null || erasure.erasedBy().equals(nodeId)) {
            return;
        }
        int sessions = sessionizer.dropUser(erasure.userId(), erasure.erasedAt());
        int writes = pending.dropUser(erasure.userId(), erasure.erasedAt());
        if (sessions + writes > 0) {
            LOG.info("Analytics dropped {} sessions and {} unwritten plays or sessions of a user erased meanwhile", sessions,
                    writes);
        }
    }

    /** @return why a start or play of an erased user from before the erasure is not taken, or {@code null} */
    private String erasedBy(Signal signal) {
        UUID user;
        Instant at;
        if (signal instanceof Signal.Started started) {
            user = started.userId();
            at = started.at();
        } else if (signal instanceof Signal.DirectPlay direct) {
            user = direct.play().userId();
            at = direct.play().startedAt();
        } else {
            return null;
        }
        Instant erased = erasedBefore.get(user);
        return erased != null && at.isBefore(erased) ? UserHolds.ERASED : null;
    }

    private void notRestored() {
        sessionizer = null;
        restoredFrom = null;
        cursor = null;
        replaying = false;
        pending.clear();
    }

    /** Idle sessions are looked for once a second, not after every batch: it walks every session. */
    private void expireNowAndThen() {
        Instant now = clock.instant();
        if (!now.isBefore(nextExpiry)) {
            sessionizer.expire();
            openSessions = sessionizer.openSessions();
            nextExpiry = now.plusSeconds(1);
        }
    }

    /** A signal the code fails on is set aside for the quarantine; the batch goes on. */
    private void applySafely(Signal signal) {
        try {
            applyOne(signal);
        } catch (RuntimeException e) {
            setAside(QuarantineContent.of(signal), e);
        }
    }

    /**
     * Hands a quarantined record back to the writer: its entry is deleted in the transaction that
     * stores it, and it passes the privacy filter again on the way.
     *
     * @param what a {@link Signal}, a {@link SessionRow}, the id of a session whose row goes, or
     *             {@code null} (a checkpoint: only the entry goes)
     */
    void redrive(long quarantineId, Object what) {
        redrives.add(new Redrive(quarantineId, what));
    }

    private record Redrive(long id, Object what) {
    }

    /**
     * The appender could not journal a signal (a field it needs is missing): it goes to the
     * quarantine with the next write, and is never tried again.
     */
    void unjournaled(Signal signal, RuntimeException failure) {
        QuarantineContent.Entry entry = QuarantineContent.of(signal);
        String reason = "could not be journaled: " + failure;
        LOG.error("Analytics could not journal a {} and sets it aside in the quarantine ({}); the others go on. "
                + "analytics:quarantine lists it, and it can be discarded", entry.kind(), reason);
        unjournaled.add(new PendingWrites.Quarantined(entry.kind(), entry.content(), reason, clock.instant()));
    }

    private void takeRedrives() {
        Redrive redrive;
        while ((redrive = redrives.poll()) != null) {
            if (redrive.what() instanceof Signal signal) {
                applySafely(signal);
            } else if (redrive.what() instanceof SessionRow row) {
                pending.session(row);
            } else if (redrive.what() instanceof UUID closed) {
                pending.closedSessions.add(closed);
            }
            pending.released.add(redrive.id());
        }
    }

    private void applyOne(Signal signal) {
        // taken before an opt-out or erasure began, or journaled before the opt-outs were read
        String ignoredBecause = admission.ignoredBecause(signal);
        if (ignoredBecause == null && !erasedBefore.isEmpty()) {
            ignoredBecause = erasedBy(signal);
        }
        if (ignoredBecause != null) {
            admission.ignored(ignoredBecause);
            return;
        }
        if (signal instanceof Signal.DirectPlay direct) {
            pending.play(direct.play());
        } else if (signal instanceof Signal.Scan scan) {
            pending.scans.add(new LibrarySnapshot(scan.libraryId(),
                    LocalDate.ofInstant(scan.stats().scannedAt(), settings().zone()), scan.stats().scannedAt(),
                    scan.stats().totalItems(), scan.stats().totalSizeBytes(), scan.stats().missingMetadata(),
                    scan.stats().orphanedFiles(), scan.stats().addedItems()));
        } else {
            sessionizer.apply(signal);
        }
    }

    private void flush(AnalyticsStore current) throws IOException {
        flush(current, true);
    }

    /**
     * Writes what is pending and the checkpoint in one transaction. A transient failure (the
     * connection, a serialization failure, a lock timeout) is retried with backoff; any other
     * failure sends the batch through {@link #isolate}, record by record, so that one record the
     * database refuses or the code fails on is set aside and the rest, and the checkpoint, go on.
     */
    private void flush(AnalyticsStore current, boolean mayIsolate) throws IOException {
        if (current == null) {
            return;
        }
        Settings settings = settings();
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
        if (!partitionsCreated(current, days)) {
            return;
        }
        try {
            current.writeBatch("write " + pending.plays.size() + " plays", session -> {
                fence(session);
                if (!pending.plays.isEmpty()) {
                    writePlays(session.getMapper(PlaybackMapper.class), pending.plays.values());
                }
                LibraryMapper libraries = session.getMapper(LibraryMapper.class);
                pending.scans.forEach(libraries::upsertSnapshot);
                IngestMapper state = session.getMapper(IngestMapper.class);
                if (!pending.sessions.isEmpty()) {
                    state.upsertSessions(new SessionColumns(pending.sessions.values()), nodeId);
                }
                if (!pending.closedSessions.isEmpty()) {
                    state.deleteSessions(pending.closedSessions.toArray(UUID[]::new), nodeId);
                }
                QuarantineMapper quarantine = session.getMapper(QuarantineMapper.class);
                pending.quarantined.forEach(entry -> quarantine.insert(entry.kind(), entry.content(), entry.reason(), entry.at()));
                setAsideBeforeTheJournal.forEach(entry -> quarantine.insert(entry.kind(), entry.content(), entry.reason(),
                        entry.at()));
                pending.released.forEach(quarantine::delete);
                state.saveCheckpoint(journal.id(), checkpoint.generation(), checkpoint.sequence());
            });
        } catch (LeaseLost e) {
            leaseLost();
            return;
        } catch (ErasedMeanwhile e) {
            e.erasures.forEach(this::honour);
            return;
        } catch (RuntimeException e) {
            String what = "write " + (pending.plays.size() + pending.scans.size()) + " plays and scans";
            if (Failures.contention(e)) {
                contended(what, e);
                return;
            }
            // a partition may have gone (retention, a recreated database): check them again next time
            partitions.clear();
            if (Failures.transientDatabaseFailure(e)) {
                retryLater(what, e);
            } else if (mayIsolate) {
                isolate(current, e);
            } else {
                giveUpOnTheRest(current, e);
            }
            return;
        }
        counters.written(pending.plays.size());
        pending.quarantined.forEach(entry -> counters.quarantined(entry.kind(), entry.reason()));
        unjournaledWritten();
        pending.written();
        emptyTheJournalIfAllWritten();
        if (backoff.compareTo(FIRST_RETRY) > 0) {
            LOG.info("Analytics database is back; the waiting events are written");
        }
        backoff = FIRST_RETRY;
        nextAttempt = Instant.MIN;
        contendedSince = null;
        longContentionSaid = false;
    }

    /**
     * Creates the partitions of the UTC days that pending plays need, each in a short transaction of
     * its own before the batch, so that the batch never holds a lock on the raw plays' table that
     * other nodes' writes wait for, and is never undone for one. Creating (attaching) one waits only
     * for other partition changes (another node's, the retention job's): those are waited out a few
     * times here; then the batch waits for the next round.
     *
     * @return whether the batch may be written now
     */
    private boolean partitionsCreated(AnalyticsStore current, Set<LocalDate> days) {
        for (LocalDate day : days) {
            String what = "create the partition of " + day;
            try {
                PartitionLocks.retrying(what, PARTITION_PAUSES,
                        () -> current.writeState(what, PlaybackMapper.class, plays -> plays.ensurePartition(day)), () -> { });
            } catch (RuntimeException e) {
                if (Failures.transientDatabaseFailure(e)) {
                    waitToWrite(what, e);
                    return false;
                }
                // refused for good (a table of another name covers the day, say): the write shows whether the plays fit
                LOG.warn("Analytics could not create the partition of {} ({}); it writes the plays of that day all the same, "
                        + "and sets aside any the database cannot take", day, Failures.rootMessage(e));
            }
            partitions.add(day);
        }
        return true;
    }

    private void writePlays(PlaybackMapper mapper, Collection<PlaybackEvent> plays) {
        PlayColumns columns = new PlayColumns(plays);
        mapper.addClientTypes(columns.clientType);
        mapper.upsertPlays(columns, settings().zone().getId());
    }

    /** How one record's own write ended. */
    private enum Outcome { WRITTEN, SET_ASIDE, RETRY }

    /**
     * Writes the pending records one by one, each in its own transaction, so that one the database
     * refuses (or the code fails on) cannot hold up the others: it goes to the quarantine with its
     * reason, never retried on its own. A transient failure on the way stops here and retries the
     * rest later. Then the quarantine entries and the checkpoint are written.
     */
    private void isolate(AnalyticsStore current, Exception batchFailure) throws IOException {
        LOG.warn("Analytics could not write a batch ({}); it writes its records one by one and sets aside any that "
                + "cannot be stored", Failures.rootMessage(batchFailure));
        for (PlaybackEvent play : List.copyOf(pending.plays.values())) {
            LocalDate day = LocalDate.ofInstant(play.startedAt(), ZoneOffset.UTC);
            if (!partitions.contains(day) && !partitionsCreated(current, Set.of(day))) {
                return;
            }
            Outcome outcome = writeOne(current, QuarantineContent.of(play),
                    session -> writePlays(session.getMapper(PlaybackMapper.class), List.of(play)));
            if (outcome == Outcome.RETRY) {
                return;
            }
            if (outcome == Outcome.WRITTEN) {
                counters.written(1);
            }
            pending.plays.remove(PendingWrites.PlayKey.of(play));
        }
        for (LibrarySnapshot scan : List.copyOf(pending.scans)) {
            Outcome outcome = writeOne(current, QuarantineContent.of(scan),
                    session -> session.getMapper(LibraryMapper.class).upsertSnapshot(scan));
            if (outcome == Outcome.RETRY) {
                return;
            }
            pending.scans.remove(scan);
        }
        for (SessionRow row : List.copyOf(pending.sessions.values())) {
            Outcome outcome = writeOne(current, QuarantineContent.of(row),
                    session -> session.getMapper(IngestMapper.class).upsertSessions(new SessionColumns(List.of(row)), nodeId));
            if (outcome == Outcome.RETRY) {
                return;
            }
            if (outcome == Outcome.WRITTEN) {
                pending.sessionWritten(row.sessionId());
            } else {
                pending.sessions.remove(row.sessionId());
            }
        }
        for (UUID closed : List.copyOf(pending.closedSessions)) {
            Outcome outcome = writeOne(current, QuarantineContent.sessionEnd(closed),
                    session -> session.getMapper(IngestMapper.class).deleteSessions(new UUID[] {closed}, nodeId));
            if (outcome == Outcome.RETRY) {
                return;
            }
            pending.sessionEnded(closed);
        }
        flush(current, false);
    }

    /** Writes one record in a transaction of its own; a permanent failure sets it aside for the quarantine. */
    private Outcome writeOne(AnalyticsStore current, QuarantineContent.Entry entry, Consumer<SqlSession> write) {
        try {
            current.writeBatch("write one " + entry.kind(), session -> {
                fence(session);
                write.accept(session);
            });
            return Outcome.WRITTEN;
        } catch (LeaseLost | ErasedMeanwhile e) {
            // the batch's next flush finds the same and handles it
            return Outcome.RETRY;
        } catch (RuntimeException e) {
            if (Failures.transientDatabaseFailure(e)) {
                waitToWrite("write the records one by one", e);
                return Outcome.RETRY;
            }
            setAside(entry, e);
            return Outcome.SET_ASIDE;
        }
    }

    private void setAside(QuarantineContent.Entry entry, Exception failure) {
        String reason = Failures.refusal(failure);
        pending.quarantine(entry, reason, clock.instant());
        LOG.error("Analytics could not store a {} and set it aside in the quarantine ({}); the others go on. "
                + "analytics:quarantine lists it, and it can be re-driven or discarded", entry.kind(), reason);
    }

    /**
     * After the records went one by one, the quarantine entries and the checkpoint still failed for
     * good (a quarantine entry itself refused, say): each entry is tried alone, one that cannot be
     * written is logged with its content, and the journal moves on regardless, since nothing else
     * in it is left to store.
     */
    private void giveUpOnTheRest(AnalyticsStore current, Exception failure) {
        pending.quarantined.addAll(setAsideBeforeTheJournal);
        unjournaledStored += setAsideBeforeTheJournal.size();
        setAsideBeforeTheJournal.clear();
        for (PendingWrites.Quarantined entry : List.copyOf(pending.quarantined)) {
            try {
                current.write("set a record aside", QuarantineMapper.class, mapper -> {
                    mapper.insert(entry.kind(), entry.content(), entry.reason(), entry.at());
                    return null;
                });
                counters.quarantined(entry.kind(), entry.reason());
            } catch (RuntimeException e) {
                if (Failures.transientDatabaseFailure(e)) {
                    retryLater("set records aside", e);
                    return;
                }
                counters.quarantined(entry.kind(), "could not be set aside either");
                LOG.error("Analytics could not store a {} nor set it aside ({}); it is dropped: {}", entry.kind(),
                        Failures.rootMessage(e), entry.content());
            }
            pending.quarantined.remove(entry);
        }
        LOG.error("Analytics could not save its journal checkpoint ({}); the journal moves on without it, and a restart "
                + "may replay (idempotently) what is already stored", Failures.rootMessage(failure));
        counters.quarantined(QuarantinedRecord.CHECKPOINT, Failures.refusal(failure));
        pending.written();
        try {
            emptyTheJournalIfAllWritten();
        } catch (IOException e) {
            LOG.error("Analytics cannot clear its journal ({})", e.getMessage());
        }
    }

    /**
     * Everything applied is written: if that is all the journal holds (nothing was appended since
     * the last read), empties it, and what was handed over up to then counts as in the database.
     */
    private void emptyTheJournalIfAllWritten() throws IOException {
        long appended = journal.clearIfCaughtUp(cursor);
        if (appended >= 0 && pending.isEmpty()) {
            committed = appended + unjournaledStored;
            queue.writtenUpTo(committed);
        }
    }

    /** The quarantine entries of signals that never reached the journal are written. */
    private void unjournaledWritten() {
        setAsideBeforeTheJournal.forEach(entry -> counters.quarantined(entry.kind(), entry.reason()));
        unjournaledStored += setAsideBeforeTheJournal.size();
        setAsideBeforeTheJournal.clear();
    }

    private static java.util.Collection<UUID> optedOutUsers(AnalyticsStore current) {
        return current.read("read the opted-out users", org.revenge.analytics.internal.store.PrivacyMapper.class,
                org.revenge.analytics.internal.store.PrivacyMapper::optedOutUsers);
    }

    private void refreshHoldsSafely(AnalyticsStore current) {
        try {
            holds.refresh(() -> optedOutUsers(current));
        } catch (StorageUnavailableException e) {
            // the next write finds the database away too, and says so
        }
    }

    private boolean due() {
        return !clock.instant().isBefore(nextAttempt);
    }

    /** A transient failure: other transactions in the way are waited out soon, a database away with backoff. */
    private void waitToWrite(String what, Exception e) {
        if (Failures.contention(e)) {
            contended(what, e);
        } else {
            retryLater(what, e);
        }
    }

    /**
     * Other transactions held a write up (another node's partition change, the jobs', a deadlock
     * between writes): the database is there, so the write is tried again soon, and said once, not as an
     * outage; said again as a warning only should it go on for a minute.
     */
    private void contended(String what, Exception e) {
        Instant now = clock.instant();
        if (contendedSince == null) {
            contendedSince = now;
            LOG.info("Analytics waits for other nodes or jobs holding the raw plays to {} ({}); it tries again in "
                    + "moments, and what waits stays in the journal", what, Failures.rootMessage(e));
        } else if (!longContentionSaid && !now.isBefore(contendedSince.plus(LONG_CONTENTION))) {
            longContentionSaid = true;
            LOG.warn("Analytics has waited {} s for other transactions to {} ({}): a long transaction may hold the raw "
                    + "plays; {} events wait in the journal", LONG_CONTENTION.toSeconds(),
                    what, Failures.rootMessage(e), journal.size());
        }
        nextAttempt = now.plus(CONTENTION_RETRY);
    }

    private void retryLater(String what, Exception e) {
        contendedSince = null;
        longContentionSaid = false;
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
}
