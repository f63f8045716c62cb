package org.revenge.analytics.internal.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users whose events must not be recorded for now: those who opted out, and those whose erasure is
 * under way. Callers ask {@link #heldBecause}; the admin service opts out, opts in and holds for
 * an erasure; the writer thread drops what it holds of such users and confirms when nothing of
 * theirs can come back from memory or from a replay of the journal.
 */
final class UserHolds {

    static final String OPTED_OUT = "the user opted out";
    static final String ERASING = "the user is being erased";
    static final String ERASED = "the user was erased after it";

    private static final Logger LOG = LoggerFactory.getLogger(UserHolds.class);
    private static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);

    /**
     * A request to the writer to forget a user. {@code done} completes once nothing of the user is
     * held in memory and the journal holds nothing that a replay could bring back.
     */
    private record UserDrop(UUID userId, CompletableFuture<Void> done, long handedOverBefore) {
    }

    private final Clock clock;
    /** Signals handed over so far: a drop is done once the writer has taken all handed over before it. */
    private final LongSupplier handedOver;

    /**
     * Users who opted out: read from the database at start and every minute, changed at once by the
     * admin service. Written only under {@link #lock}; read without it.
     */
    private volatile Set<UUID> optedOut = Set.of();
    private final Object lock = new Object();
    /** Counts the admin service's changes, so that a refresh can tell which came after its read began. */
    private long version;
    /** The admin service's changes that a refresh in progress may not have read yet (guarded by lock). */
    private final List<Change> changes = new ArrayList<>();

    private record Change(long version, UUID userId, boolean optedOut) {
    }
    /** Users whose erasure is under way: nothing of theirs is taken until it has committed. */
    private final Set<UUID> erasing = ConcurrentHashMap.newKeySet();
    /** Users whose state in memory the writer must drop, with who waits for it. */
    private final ConcurrentLinkedQueue<UserDrop> drops = new ConcurrentLinkedQueue<>();

    // writer-thread state
    private final List<UserDrop> awaitingWrite = new ArrayList<>();
    private volatile Instant nextRefresh = Instant.MIN;

    UserHolds(Clock clock, LongSupplier handedOver) {
        this.clock = clock;
        this.handedOver = handedOver;
    }

    /** @return why the user's events must not be recorded now, or {@code null} if they may be */
    String heldBecause(UUID user) {
        if (optedOut.contains(user)) {
            return OPTED_OUT;
        }
        return erasing.contains(user) ? ERASING : null;
    }

    /**
     * Stops recording a user at once: their events are dropped from now on, and the writer drops
     * their open sessions and unwritten plays within moments.
     */
    void optOut(UUID userId) {
        change(userId, true);
        drops.add(new UserDrop(userId, new CompletableFuture<>(), handedOver.getAsLong()));
    }

    /** Records a user again. */
    void optIn(UUID userId) {
        change(userId, false);
    }

    /**
     * The caller has already stored the change (committed), so a database read that starts after
     * this returns sees it; one that started before may not, and {@link #refresh} then applies it
     * on top.
     */
    private void change(UUID userId, boolean out) {
        synchronized (lock) {
            Set<UUID> changed = new HashSet<>(optedOut);
            if (out) {
                changed.add(userId);
            } else {
                changed.remove(userId);
            }
            optedOut = Set.copyOf(changed);
            changes.add(new Change(++version, userId, out));
        }
    }

    /** @return whether the user's events are dropped as opted out */
    boolean optedOut(UUID userId) {
        return optedOut.contains(userId);
    }

    /**
     * Holds a user back for an erasure: from now until the returned handle is closed their events
     * are dropped, and this returns once the writer has dropped everything it held of them and
     * written (and so removed from its journal) everything it had taken before.
     *
     * @throws StorageUnavailableException if the writer could not get there in time (the database is away)
     */
    IngestPipeline.UserHold holdForErasure(UUID userId, Duration wait) {
        erasing.add(userId);
        UserDrop drop = new UserDrop(userId, new CompletableFuture<>(), handedOver.getAsLong());
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

    // ---- the writer thread ---------------------------------------------------------------------

    /** Writer thread: forgets the users asked for, once the sessionizer holds the restored state. */
    void dropUsers(Sessionizer sessionizer, PendingWrites pending) {
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
            awaitingWrite.add(drop);
        }
    }

    /**
     * Writer thread: what was handed over before a drop is now in the database (or was ignored),
     * so no replay brings it back, and the drop counts as done.
     *
     * @param committed of the signals handed over since the start, how many are in the database
     */
    void confirmDrops(long committed) {
        awaitingWrite.removeIf(drop -> {
            if (committed < drop.handedOverBefore()) {
                return false;
            }
            drop.done().complete(null);
            return true;
        });
    }

    /** The next {@link #refresh} reads the database whatever the time (from any thread). */
    void refreshSoon() {
        nextRefresh = Instant.MIN;
    }

    /**
     * Writer thread: takes the opt-outs other nodes (or an earlier run) stored, at most once a
     * minute. An opt-out or opt-in made while the read was under way is applied on top of what was
     * read, so an older read never undoes a newer change.
     *
     * @param read reads the opted-out users from the database
     * @throws StorageUnavailableException if the database is away
     */
    void refresh(Supplier<? extends Collection<UUID>> read) {
        Instant now = clock.instant();
        if (now.isBefore(nextRefresh)) {
            return;
        }
        nextRefresh = now.plus(REFRESH_INTERVAL);
        long readFrom;
        synchronized (lock) {
            readFrom = version;
        }
        Set<UUID> stored = new HashSet<>(read.get());
        synchronized (lock) {
            for (Change change : changes) {
                if (change.version() > readFrom) {
                    if (change.optedOut()) {
                        stored.add(change.userId());
                    } else {
                        stored.remove(change.userId());
                    }
                }
            }
            // only this thread refreshes: what this read saw, no later read can miss
            changes.removeIf(change -> change.version() <= readFrom);
            Set<UUID> before = optedOut;
            optedOut = Set.copyOf(stored);
            // opted out through another node, and its notification lost: what is held of them goes too
            long taken = handedOver.getAsLong();
            stored.stream().filter(user -> !before.contains(user))
                    .forEach(user -> drops.add(new UserDrop(user, new CompletableFuture<>(), taken)));
        }
    }
}
