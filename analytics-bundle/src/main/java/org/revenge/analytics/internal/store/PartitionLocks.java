package org.revenge.analytics.internal.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.StorageUnavailableException;

/**
 * Retries of a change to the raw plays' partitions that gave up waiting for its lock. Dropping a
 * partition needs {@code playback_events} to itself and creating one waits for other partition
 * changes, so each attempt waits at most {@link PlaybackMapper#DDL_LOCK_WAIT} (behind a reader,
 * another node's write in progress, another change) and lets what queued behind it through before
 * the next.
 */
public final class PartitionLocks {

    private PartitionLocks() {
    }

    /**
     * Runs the change, and again after each pause for as long as it finds the lock taken.
     *
     * @param what      the change, in words, for an interrupted pause's message
     * @param pauses    the pauses between attempts, one attempt more than pauses
     * @param change    one attempt, in a transaction of its own
     * @param firstWait called once, when the first attempt found the lock taken
     * @return what the change returned
     * @throws StorageUnavailableException the last attempt's lock timeout (SQLState 55P03), or at
     *         once any other failure
     */
    public static <T> T retrying(String what, List<Duration> pauses, Supplier<T> change, Runnable firstWait) {
        for (int attempt = 0;; attempt++) {
            try {
                return change.get();
            } catch (StorageUnavailableException e) {
                if (!Failures.lockNotAvailable(e) || attempt == pauses.size()) {
                    throw e;
                }
                if (attempt == 0) {
                    firstWait.run();
                }
                pause(pauses.get(attempt), what);
            }
        }
    }

    private static void pause(Duration pause, String what) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("Cannot " + what + ": its thread is stopping", e);
        }
    }
}
