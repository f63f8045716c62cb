package org.revenge.analytics.internal.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.ibatis.session.SqlSession;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.IngestMapper;
import org.revenge.analytics.internal.store.JournalCheckpoint;
import org.revenge.analytics.internal.store.LibraryMapper;
import org.revenge.analytics.internal.store.LibrarySnapshot;
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
 * The one writer thread of the recording path. It empties the callers' queue into the journal
 * whether or not the database is there, so the queue fills only if the journal cannot be written
 * (a full disk) for longer than the memory bound covers. Batch by batch it:
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
final class IngestWriter {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long POLL_MILLIS = 50;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(15);
    private static final Duration REPLAY_REPORT_INTERVAL = Duration.ofSeconds(10);

    private final Clock clock;
    private final Journal journal;
    private final SignalQueue queue;
    private final Admission admission;
    private final UserHolds holds;
    private final IngestCounters counters;
    private final Thread thread;
    private final java.util.concurrent.ConcurrentLinkedQueue<Redrive> redrives = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private volatile AnalyticsStore store;
    private volatile boolean running = true;
    /** Of the signals handed over, how many are durable in the database. */
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

    IngestWriter(Clock clock, Journal journal, SignalQueue queue, Admission admission, UserHolds holds,
            IngestCounters counters) {
        this.clock = clock;
        this.journal = journal;
        this.queue = queue;
        this.admission = admission;
        this.holds = holds;
        this.counters = counters;
        this.thread = new Thread(this::writeLoop, "analytics-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The database to write to, or {@code null} while there is none. */
    void store(AnalyticsStore changed) {
        store = changed;
    }

    AnalyticsStore store() {
        return store;
    }

    /** @return whether everything handed over so far is in the database */
    boolean idle() {
        return committed == queue.handedOver();
    }

    /** @return the unwritten plays, sessions and signals the writer held at the end of its last round */
    int unwrittenInMemory() {
        return inMemory;
    }

    /**
     * Takes what is still queued, journals it and writes it if the database is there; what cannot
     * be written stays in the journal for the next start.
     *
     * @return false if the thread did not finish in time (it closes the journal when it does)
     */
    boolean stop(Duration timeout) throws InterruptedException {
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
                taken += queue.takeInto(batch, batchLimit(batch, last), last ? 0 : POLL_MILLIS);
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
                    // a saved change of the counting rules applies at once, to open sessions too
                    if (!sessionizer.rules().equals(settings().rules())) {
                        sessionizer.rules(settings().rules());
                        LOG.info("Analytics applies the changed counting rules, to the {} open sessions too",
                                sessionizer.openSessions());
                    }
                    // first, so that nothing of this batch is dropped for a user who opted in again meanwhile
                    holds.dropUsers(sessionizer, pending);
                    takeRedrives();
                    if (replaying != null) {
                        // the batch is in the journal, where the replay reaches it
                        replayNext();
                    } else if (journaled) {
                        batch.forEach(this::applySafely);
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
                    holds.confirmDrops(journal.size() == 0, taken);
                    if (current != null && due()) {
                        refreshHoldsSafely(current);
                    }
                    if (replaying == null && pending.isEmpty() && journal.size() == 0 && batch.isEmpty()) {
                        committed = taken;
                        queue.writtenUpTo(taken);
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
     * How many signals this round may take: a batch; while the journal fails and a batch waits for
     * it, up to the memory bound; for the last round, everything.
     */
    private int batchLimit(List<Signal> batch, boolean last) {
        if (last) {
            return Integer.MAX_VALUE;
        }
        return batch.isEmpty() ? settings().batchSize() : Math.max(settings().journaling().memoryMaxEvents(), batch.size());
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
                LOG.error("Analytics cannot write its journal {} ({}). Events are held in memory, up to {} "
                        + "(ingest.memory.max.events), and journaled as soon as it can be written again; beyond that, new "
                        + "events are refused and counted. Free space on that file system", journal.file(),
                        journalFailure, settings().journaling().memoryMaxEvents());
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

    /** Applies the next part of the journal, once the last part is written. */
    private void replayNext() throws IOException {
        if (!due() || pending.size() >= settings().batchSize()) {
            return;
        }
        List<Signal> part = replaying.next(settings().batchSize());
        part.forEach(this::applySafely);
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
     * Once more events wait unwritten than the memory bound allows (the database is away), lets go
     * of the session state and pending writes; the journal holds all of it, and a restore rebuilds
     * it from the database and a replay once the database is back.
     */
    private void letGoAboveTheMemoryBound() {
        int unwritten = pending.size();
        int bound = settings().journaling().memoryMaxEvents();
        if (unwritten < bound) {
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
            JournalCheckpoint checkpoint = current.read("read the recording state", IngestMapper.class,
                    mapper -> mapper.checkpoint(journal.id()));
            // before the replay, so that what an opted-out user did while the database was away stays out
            holds.refreshSoon();
            holds.refresh(() -> optedOutUsers(current));
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
                QuarantineMapper quarantine = session.getMapper(QuarantineMapper.class);
                pending.quarantined.forEach(entry -> quarantine.insert(entry.kind(), entry.content(), entry.reason(), entry.at()));
                pending.released.forEach(quarantine::delete);
                state.saveCheckpoint(journal.id(), checkpoint.generation(), checkpoint.sequence());
            });
        } catch (RuntimeException e) {
            // a partition may have gone (retention, a recreated database): check them again next time
            partitions.clear();
            if (Failures.transientDatabaseFailure(e)) {
                retryLater("write " + (pending.plays.size() + pending.scans.size()) + " plays and scans", e);
            } else if (mayIsolate) {
                isolate(current, e);
            } else {
                giveUpOnTheRest(current, e);
            }
            return;
        }
        partitions.addAll(days);
        counters.written(pending.plays.size());
        pending.quarantined.forEach(entry -> counters.quarantined(entry.kind(), entry.reason()));
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
            Outcome outcome = writeOne(current, QuarantineContent.of(play), session -> {
                PlaybackMapper plays = session.getMapper(PlaybackMapper.class);
                plays.ensurePartition(day);
                writePlays(plays, List.of(play));
            });
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
                    session -> session.getMapper(IngestMapper.class).upsertSessions(new SessionColumns(List.of(row))));
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
                    session -> session.getMapper(IngestMapper.class).deleteSessions(new UUID[] {closed}));
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
            current.writeBatch("write one " + entry.kind(), write);
            return Outcome.WRITTEN;
        } catch (RuntimeException e) {
            if (Failures.transientDatabaseFailure(e)) {
                retryLater("write the records one by one", e);
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
        if (replaying == null) {
            try {
                journal.clear();
            } catch (IOException e) {
                LOG.error("Analytics cannot clear its journal ({})", e.getMessage());
            }
        }
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

    private void retryLater(String what, Exception e) {
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
