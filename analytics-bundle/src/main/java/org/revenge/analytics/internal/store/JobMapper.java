package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.JobRun;

/**
 * The job table: runs are unique per kind and run key, and claimed with {@code FOR UPDATE SKIP
 * LOCKED}, so however many nodes share the database each run happens once. SQL in {@code JobMapper.xml}.
 */
public interface JobMapper {

    /** Adds runs that do not exist yet; existing ones, whatever their state, are left alone. */
    int enqueue(@Param("kind") String kind, @Param("runKeys") String[] runKeys, @Param("scheduledAt") Instant scheduledAt);

    /**
     * Takes the oldest due run (available, retryable, or running with an expired lock) and marks
     * it running for this node until {@code lockedUntil}.
     *
     * @param waiting kinds not taken now (they wait while recording catches up); may be empty
     * @return the run, or {@code null} if none is due
     */
    JobRun claim(@Param("node") String node, @Param("now") Instant now, @Param("lockedUntil") Instant lockedUntil,
            @Param("waiting") String[] waiting);

    /** Fails, for good, runs whose node stopped answering during their last attempt. */
    int failAbandoned(@Param("now") Instant now);

    int complete(@Param("kind") String kind, @Param("runKey") String runKey, @Param("node") String node,
            @Param("rows") long rows, @Param("outcome") String outcome);

    /** Records a failure: retryable at {@code retryAt}, or failed for good after the last attempt. */
    int fail(@Param("kind") String kind, @Param("runKey") String runKey, @Param("node") String node,
            @Param("error") String error, @Param("retryAt") Instant retryAt);

    /**
     * Makes finished runs due again, for days whose raw plays changed after they were rolled up
     * (a late play, an import of history).
     *
     * @return how many runs were reopened
     */
    int reopen(@Param("kind") String kind, @Param("runKeys") String[] runKeys, @Param("now") Instant now);

    /** Makes a run that waits (not yet due, or waiting to retry) due at {@code now}. */
    int dueNow(@Param("kind") String kind, @Param("runKey") String runKey, @Param("now") Instant now);

    /** @return the run of a kind and run key, or {@code null} if there is none */
    JobRun find(@Param("kind") String kind, @Param("runKey") String runKey);

    /** The most recent runs, newest first. */
    List<JobRun> history(@Param("limit") int limit);

    /** Deletes the completed runs of a kind that finished before {@code before}. @return the runs deleted */
    int forgetCompleted(@Param("kind") String kind, @Param("before") Instant before);
}
