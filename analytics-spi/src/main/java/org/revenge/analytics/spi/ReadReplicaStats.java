package org.revenge.analytics.spi;

import java.time.Duration;

/**
 * Where the queries read from: the primary database, or the read replica that {@code jdbc.read.url}
 * names, and how far that replica is behind.
 *
 * @param configured     whether a read replica is configured ({@code jdbc.read.url}); if not, every
 *                       query reads the primary and the other fields are empty
 * @param inUse          whether queries read from the replica now; {@code false} while it is
 *                       unreachable, too far behind, or not checked yet, and then they read the primary
 * @param server         the replica's host, port and database (never credentials); {@code null} if none
 * @param replayLag      how far the replica's data is behind the primary's (checked every second:
 *                       the age of the primary's newest position the replica has replayed);
 *                       {@code null} if not known
 * @param bytesBehind    write-ahead log bytes the replica has yet to replay at the last check; -1 if not known
 * @param usersOnPrimary users whose own reads go to the primary until the replica has replayed their
 *                       latest opt-out, opt-in, erasure or "keep my year" change
 * @param problem        why queries do not read the replica, in a sentence; {@code null} while they do
 * @since 1.7
 */
public record ReadReplicaStats(
        boolean configured,
        boolean inUse,
        String server,
        Duration replayLag,
        long bytesBehind,
        int usersOnPrimary,
        String problem) {

    /** No read replica configured: every query reads the primary. */
    public static final ReadReplicaStats NONE = new ReadReplicaStats(false, false, null, null, -1, 0, null);
}
