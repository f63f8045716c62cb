package org.revenge.analytics.internal.store;

/**
 * Where the primary's write-ahead log is, and how far the read replica has replayed it (docs/SCALING.md).
 * SQL in {@code ReplicaMapper.xml}.
 */
public interface ReplicaMapper {

    /**
     * On the primary.
     *
     * @return its current write-ahead log position, as PostgreSQL writes it ({@code 16/B374D848})
     */
    String primaryPosition();

    /**
     * On the replica.
     *
     * @return how far it has replayed the primary's log: {@code pg_last_wal_replay_lsn()} on a standby;
     *         on a server that is not one (the primary itself, reached through a read-only role), its
     *         current position; {@code null} if a standby has replayed nothing yet
     */
    String replayedPosition();
}
