package org.revenge.analytics.internal.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.JobMapper;
import org.revenge.analytics.spi.JobRun;

/**
 * The job table as a queue: add runs, claim the oldest due one ({@code FOR UPDATE SKIP LOCKED}, so
 * each run is taken by one node), complete or fail it. A failed run is retried at the time given,
 * until its attempt limit; a run whose node stopped answering fails once its lock expires.
 */
final class JobQueue {

    private final AnalyticsStore store;
    private final String node;

    /** @param node this runner's name in the job table: unique per runner, never an address */
    JobQueue(AnalyticsStore store, String node) {
        this.store = store;
        this.node = node;
    }

    /** Adds the runs that are not in the queue yet. */
    void add(String kind, Job.Due due) {
        if (!due.runKeys().isEmpty()) {
            store.write("add the " + kind + " runs", JobMapper.class,
                    jobs -> jobs.enqueue(kind, due.runKeys().toArray(String[]::new), due.at()));
        }
    }

    /** Adds a run, or makes it due again whatever its state, due now. */
    JobRun dueNow(String kind, String runKey, Instant now) {
        String[] runKeys = {runKey};
        return store.write("queue a run of " + kind, JobMapper.class, jobs -> {
            jobs.enqueue(kind, runKeys, now);
            jobs.reopen(kind, runKeys, now);
            jobs.dueNow(kind, runKey, now);
            return jobs.find(kind, runKey);
        });
    }

    /**
     * Fails the runs abandoned by their node, then takes the oldest due run for this node.
     *
     * @param lock how long the run is this node's before another may take it
     * @param waiting kinds not to take now
     * @return the run, or {@code null} if none is due
     */
    JobRun claim(Instant now, Duration lock, Set<String> waiting) {
        return store.write("claim a due job", JobMapper.class, jobs -> {
            jobs.failAbandoned(now);
            return jobs.claim(node, now, now.plus(lock), waiting.toArray(String[]::new));
        });
    }

    void complete(JobRun run, Job.Outcome outcome) {
        store.write("mark the job done", JobMapper.class,
                jobs -> jobs.complete(run.kind(), run.runKey(), node, outcome.rows(), outcome.summary()));
    }

    /** Records a failure: retryable at {@code retryAt}, or failed for good after its last attempt. */
    void fail(JobRun run, String error, Instant retryAt) {
        store.write("record the job failure", JobMapper.class,
                jobs -> jobs.fail(run.kind(), run.runKey(), node, error, retryAt));
    }
}
