package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.List;

/**
 * Totals for the admin dashboard. Counts of users, libraries and plays cover the stored data,
 * which is bounded by the configured retention.
 *
 * @param generatedAt       when the figures were taken (UTC)
 * @param users             distinct users with stored plays
 * @param libraries         distinct libraries with a snapshot or stored plays
 * @param mediaItems        items in all libraries, from each library's latest snapshot
 * @param playsToday        plays started since midnight in the configured time zone
 * @param plays7d           plays started in the last 7 days
 * @param watchTimeSec7d    seconds watched in plays started in the last 7 days
 * @param activeSessions    plays still open now
 * @param databaseSizeBytes bytes the plugin's tables and indexes take on disk, as measured within the last
 *                          minute (measuring looks at every file of every partition)
 * @param ingest            recording counters
 * @param jobs              the latest run of each job kind; never {@code null}
 * @param jvm               figures of the JVM
 * @param reads             where the queries read from, and the read replica's lag; {@link ReadReplicaStats#NONE}
 *                          when none is configured; since 1.7
 */
public record SystemStats(
        Instant generatedAt,
        long users,
        long libraries,
        long mediaItems,
        long playsToday,
        long plays7d,
        long watchTimeSec7d,
        long activeSessions,
        long databaseSizeBytes,
        IngestStats ingest,
        List<JobRun> jobs,
        JvmStats jvm,
        ReadReplicaStats reads) {

    /** Makes {@link #jobs()} immutable; no {@code reads} is {@link ReadReplicaStats#NONE}. */
    public SystemStats {
        jobs = List.copyOf(jobs);
        reads = reads == null ? ReadReplicaStats.NONE : reads;
    }

    /** The figures of SPI 1.6: no read replica. */
    public SystemStats(Instant generatedAt, long users, long libraries, long mediaItems, long playsToday, long plays7d,
            long watchTimeSec7d, long activeSessions, long databaseSizeBytes, IngestStats ingest, List<JobRun> jobs,
            JvmStats jvm) {
        this(generatedAt, users, libraries, mediaItems, playsToday, plays7d, watchTimeSec7d, activeSessions,
                databaseSizeBytes, ingest, jobs, jvm, ReadReplicaStats.NONE);
    }
}
