package org.revenge.analytics.internal.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read replica of {@code jdbc.read.url} and whether the queries may read it now. Every second
 * it reads the primary's write-ahead log position and how far the replica has replayed it: the
 * replica is used while it answers and is at most {@code jdbc.read.max.lag.sec} behind, and a user
 * whose opt-out, opt-in, erasure or "keep my year" changed reads the primary until the replica has
 * replayed the primary's position of after that change. Unreachable, it is left alone, with one log
 * line, until it answers again (another line).
 */
final class ReadReplica implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);

    /** A privacy change whose position on the primary is not read yet. */
    static final long UNKNOWN = -1;

    private final SqlSessionFactory sessions;
    private final SqlSessionFactory primary;
    private final String server;
    private final Duration maxLag;
    private final Map<UUID, PrivacyChange> changes;
    private final ScheduledExecutorService checks;
    /** The primary's positions of the last checks, oldest first: how old the replica's data is. Only the check thread's. */
    private final Deque<Mark> marks = new ArrayDeque<>();
    private final long marksKeptNanos;
    private volatile Status status;
    /** Orders the status changes and their log lines; never held while the database is asked. */
    private final Object reporting = new Object();

    /** A position of the primary's log, and when it was read ({@link System#nanoTime()}). */
    private record Mark(long nanos, long position) {
    }

    /** A user's privacy change, made at {@code nanos}, that the replica must have replayed up to {@code position}. */
    record PrivacyChange(long nanos, long position) {
    }

    /** What the last check, or the last failed query, found. */
    private record Status(boolean inUse, Duration lag, long bytesBehind, Problem problem, String reason) {
    }

    private enum Problem { NONE, UNCHECKED, UNREACHABLE, BEHIND }

    /**
     * @param sessions   MyBatis over the replica's pool
     * @param primary    MyBatis over the primary, to read its position
     * @param server     the replica's server and database, for the log and the health check
     * @param maxLag     further behind than this, the replica is not read
     * @param changes    the users' privacy changes not yet replayed, shared with the store (so that a
     *                   replaced replica inherits them)
     * @param checkEvery time between checks
     */
    ReadReplica(SqlSessionFactory sessions, SqlSessionFactory primary, String server, Duration maxLag,
            Map<UUID, PrivacyChange> changes, Duration checkEvery) {
        this.sessions = sessions;
        this.primary = primary;
        this.server = server;
        this.maxLag = maxLag;
        this.changes = changes;
        this.marksKeptNanos = maxLag.plus(Duration.ofMinutes(1)).toNanos();
        this.status = new Status(false, null, -1, Problem.UNCHECKED, "not checked yet");
        this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "analytics-read-replica");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(this::checkSafely, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Keeps the pending changes of users no replica was there to replay yet. */
    static Map<UUID, PrivacyChange> newChanges() {
        return new ConcurrentHashMap<>();
    }

    SqlSessionFactory sessions() {
        return sessions;
    }

    /** @return whether the queries read the replica now */
    boolean inUse() {
        return status.inUse();
    }

    /** @return whether the user's own queries read the replica now: not while it lacks their latest privacy change */
    boolean inUseFor(UUID user) {
        return status.inUse() && !changes.containsKey(user);
    }

    /** A query on the replica failed: the queries read the primary until the next check finds the replica well. */
    void failed(String what, RuntimeException failure) {
        report(new Status(false, null, -1, Problem.UNREACHABLE, "a query failed on it (" + what + ": "
                + Failures.rootMessage(failure) + ")"));
    }

    ReadReplicaStats stats() {
        Status now = status;
        return new ReadReplicaStats(true, now.inUse(), server, now.lag(), now.bytesBehind(), changes.size(),
                now.inUse() ? null : now.reason());
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("Analytics could not check its read replica {}: {}", server, Failures.rootMessage(e));
        }
    }

    /** Reads the primary's position, then the replica's, and decides. Package-private: tests call it to check at once. */
    synchronized void check() {
        long started = System.nanoTime();
        Long primaryAt = null;
        try (SqlSession session = primary.openSession()) {
            primaryAt = parse(session.getMapper(ReplicaMapper.class).primaryPosition());
        } catch (RuntimeException e) {
            // the primary away: the writer and the health check say so; the replica's lag is not known meanwhile
        }
        if (primaryAt != null) {
            long position = primaryAt;
            marks.addLast(new Mark(started, position));
            while (started - marks.peekFirst().nanos() > marksKeptNanos) {
                marks.removeFirst();
            }
            // a change made before this read of the primary's position committed before it
            changes.replaceAll((user, change) -> change.position() == UNKNOWN && change.nanos() - started < 0
                    ? new PrivacyChange(change.nanos(), position) : change);
        }
        Long replayed;
        try (SqlSession session = sessions.openSession()) {
            replayed = parse(session.getMapper(ReplicaMapper.class).replayedPosition());
        } catch (RuntimeException e) {
            report(new Status(false, null, -1, Problem.UNREACHABLE, "it is unreachable (" + Failures.rootMessage(e) + ")"));
            return;
        }
        if (replayed == null) {
            report(new Status(false, null, -1, Problem.BEHIND, "it has replayed nothing of the primary's log yet"));
            return;
        }
        long done = replayed;
        changes.values().removeIf(change -> change.position() != UNKNOWN && done >= change.position());
        if (primaryAt == null) {
            // how far behind is not known: the replica answers, so it stays as it was
            Status last = status;
            report(new Status(last.inUse(), last.lag(), -1, last.problem() == Problem.UNREACHABLE ? Problem.BEHIND : last.problem(),
                    last.inUse() ? null : "its lag is not known while the primary is unreachable"));
            return;
        }
        long behind = Math.max(0, primaryAt - replayed);
        Duration lag = Duration.ZERO;
        if (behind > 0) {
            // the newest checked position of the primary that the replica has replayed: its data is that old
            Mark newestReplayed = null;
            for (Mark mark : marks) {
                if (mark.position() <= replayed) {
                    newestReplayed = mark;
                }
            }
            lag = Duration.ofNanos(started - (newestReplayed == null ? marks.peekFirst().nanos() : newestReplayed.nanos()));
        }
        if (lag.compareTo(maxLag) > 0) {
            report(new Status(false, lag, behind, Problem.BEHIND, "it is " + lag.toMillis() + " ms behind the primary, more than "
                    + "jdbc.read.max.lag.sec (" + maxLag.toSeconds() + ")"));
        } else {
            report(new Status(true, lag, behind, Problem.NONE, null));
        }
    }

    /** Takes a new status, and logs once when the queries move from the replica to the primary or back. */
    private void report(Status next) {
        Status last;
        synchronized (reporting) {
            last = status;
            status = next;
        }
        if (next.problem() == last.problem()) {
            return;
        }
        switch (next.problem()) {
            case NONE -> LOG.info("Analytics queries read from the replica {} ({} ms behind the primary)", server,
                    next.lag().toMillis());
            case UNREACHABLE, BEHIND -> LOG.warn("Analytics queries read from the primary, not the replica {}: {}. They read the "
                    + "replica again once it answers and is caught up (checked every second; logged once)", server, next.reason());
            default -> {
            }
        }
    }

    /** The position of a change just made (or heard of) for the user; its position is read at the next check. */
    static void changed(Map<UUID, PrivacyChange> changes, UUID user) {
        changes.put(user, new PrivacyChange(System.nanoTime(), UNKNOWN));
    }

    /** @return PostgreSQL's {@code X/Y} log position as one number, or {@code null} */
    static Long parse(String position) {
        if (position == null) {
            return null;
        }
        int slash = position.indexOf('/');
        return (Long.parseLong(position.substring(0, slash), 16) << 32) | Long.parseLong(position.substring(slash + 1), 16);
    }

    @Override
    public void close() {
        checks.shutdownNow();
        try {
            if (!checks.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Analytics's read replica check did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
