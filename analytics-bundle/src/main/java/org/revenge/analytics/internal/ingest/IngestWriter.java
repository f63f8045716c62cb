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

import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.IngestMapper;
import org.revenge.analytics.internal.store.LibraryMapper;
import org.revenge.analytics.internal.store.LibrarySnapshot;
import org.revenge.analytics.internal.store.PlayColumns;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.SessionColumns;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer thread of the recording path. Batch by batch it:
 * <ol>
 * <li>appends the batch to the {@link Journal} (from then on a killed JVM loses nothing of it);</li>
 * <li>applies it to the {@link Sessionizer};</li>
 * <li>writes what changed, and the journal checkpoint, in one PostgreSQL transaction, then empties
 *     the journal.</li>
 * </ol>
 * While the database is away it keeps journaling and retries with backoff. It does not need the
 * database to start: until the store is there, signals wait in the journal, and are replayed over
 * the persisted session state once it comes.
 */
final class IngestWriter {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long POLL_MILLIS = 50;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(15);

    private final Clock clock;
    private final Journal journal;
    private final SignalQueue queue;
    private final Admission admission;
    private final UserHolds holds;
    private final IngestCounters counters;
    private final Thread thread;

    private volatile AnalyticsStore store;
    private volatile boolean running = true;
    /** Of the signals handed over, how many are durable in the database. */
    private volatile long committed;

    // writer-thread state
    private AnalyticsStore restoredFrom;
    private Sessionizer sessionizer;
    private final PendingWrites pending = new PendingWrites();
    private final Set<LocalDate> partitions = new HashSet<>();
    private long taken;
    private Instant nextExpiry = Instant.MIN;
    private Duration backoff = FIRST_RETRY;
    private Instant nextAttempt = Instant.MIN;

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
                taken += queue.takeInto(batch, last ? Integer.MAX_VALUE : settings().batchSize(), last ? 0 : POLL_MILLIS);
                if (!batch.isEmpty()) {
                    journal.append(batch);
                }
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
                    holds.dropUsers(sessionizer, pending);
                    batch.forEach(this::applyOne);
                }
                batch.clear();
                if (sessionizer != null) {
                    expireNowAndThen();
                    // with nothing pending, a flush still moves the checkpoint past ignored signals
                    if ((!pending.isEmpty() || journal.size() > 0) && due()) {
                        flush(current);
                    }
                    holds.confirmDrops(journal.size() == 0, taken);
                    if (current != null && due()) {
                        refreshHoldsSafely(current);
                    }
                    if (pending.isEmpty() && journal.size() == 0) {
                        committed = taken;
                        queue.writtenUpTo(taken);
                    }
                }
            } catch (IOException e) {
                LOG.error("Analytics cannot write its journal ({}); events stay in memory until it can", e.getMessage(), e);
                pause();
            } catch (RuntimeException e) {
                LOG.error("Analytics writer failed; it carries on with the next batch", e);
                pause();
            }
        }
    }

    private void restore(AnalyticsStore current) throws IOException {
        Settings settings = settings();
        Sessionizer restored = new Sessionizer(settings.rules(), clock, pending);
        sessionizer = restored;
        List<Signal> replay;
        try {
            Long checkpoint = current.read("read the recording state", IngestMapper.class,
                    mapper -> mapper.checkpoint(journal.id()));
            // before the replay, so that what an opted-out user did while the database was away stays out
            holds.refreshSoon();
            holds.refresh(current);
            Instant resumableSince = clock.instant().minus(settings.rules().resumeWindow());
            restored.restore(current.read("read the open sessions", IngestMapper.class, IngestMapper::sessions),
                    current.read("read the plays a start may resume", IngestMapper.class,
                            mapper -> mapper.resumablePlays(resumableSince, resumableSince.minus(Duration.ofDays(2)))));
            replay = journal.after(checkpoint == null ? 0 : checkpoint);
            replay.forEach(this::applyOne);
        } catch (StorageUnavailableException e) {
            notRestored();
            retryLater("read its recording state", e);
            return;
        } catch (IOException | RuntimeException e) {
            // nothing may be checkpointed past records that were not replayed
            notRestored();
            throw e;
        }
        restoredFrom = current;
        partitions.clear();
        backoff = FIRST_RETRY;
        nextAttempt = Instant.MIN;
        LOG.info("Analytics recording is ready: {} open sessions taken over, {} journaled events replayed",
                restored.openSessions(), replay.size());
    }

    private void notRestored() {
        sessionizer = null;
        restoredFrom = null;
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
        if (current == null) {
            return;
        }
        Settings settings = settings();
        long sequence = journal.lastSequence();
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
                state.saveCheckpoint(journal.id(), sequence);
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
        if (journal.lastSequence() == sequence) {
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

    private void refreshHoldsSafely(AnalyticsStore current) {
        try {
            holds.refresh(current);
        } catch (StorageUnavailableException e) {
            // the next write finds the database away too, and says so
        }
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
}
