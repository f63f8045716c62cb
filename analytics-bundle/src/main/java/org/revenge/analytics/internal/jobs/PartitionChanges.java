package org.revenge.analytics.internal.jobs;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.PartitionLocks;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.store.UserItemMapper;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs' changes to the raw plays' partitions, made so that a reader never holds up the writer.
 * Dropping a partition needs {@code playback_events} to itself: behind a reader (an export its
 * client reads slowly) it would wait, and every insert would queue behind it; creating one waits
 * only for other partition changes. So each change waits at most
 * {@link PlaybackMapper#DDL_LOCK_WAIT} for its lock, then lets the inserts through and tries again
 * after a pause that doubles; after the last pause it fails, and the job is retried later.
 */
final class PartitionChanges {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionChanges.class);

    private final AnalyticsStore store;
    private final List<Duration> pauses;

    /**
     * @param pauses the pauses between attempts, one attempt more than pauses
     */
    PartitionChanges(AnalyticsStore store, List<Duration> pauses) {
        this.store = store;
        this.pauses = List.copyOf(pauses);
    }

    /** About 16 s of pauses in all: a short reader is waited out, a stalled one is left to the job's retry. */
    static List<Duration> defaultPauses() {
        return List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    /** @return whether the partition of the UTC day had to be created */
    boolean create(LocalDate day) {
        String what = "create the partition of " + day;
        return retrying(what, () -> store.write(what, PlaybackMapper.class, plays -> plays.ensurePartition(day)));
    }

    /**
     * Drops the partitions of UTC days that end on or before {@code before}, having taken their
     * plays out of the per-user item days (local days of {@code zone}) in the same transaction.
     * @return how many
     */
    int dropBefore(LocalDate before, String zone) {
        String what = "drop the raw partitions before " + before;
        return retrying(what, () -> store.transaction(what, session -> {
            session.getMapper(PlaybackMapper.class).setLockWait(PlaybackMapper.DDL_LOCK_WAIT);
            session.getMapper(UserItemMapper.class).expireBefore(before, zone);
            return session.getMapper(RollupMapper.class).dropRawBefore(before);
        }));
    }

    private <T> T retrying(String what, Supplier<T> change) {
        try {
            return PartitionLocks.retrying(what, pauses, change, () -> LOG.info("Analytics waits for readers or other changes "
                    + "of the raw plays to {}; it tries again in moments, and the writer goes on meanwhile", what));
        } catch (StorageUnavailableException e) {
            if (Failures.lockNotAvailable(e)) {
                long waited = pauses.stream().mapToLong(Duration::toMillis).sum();
                LOG.warn("Analytics could not {}: readers or other changes held the raw plays through {} attempts over {} s "
                        + "(an export whose client reads slowly?); the job tries again later", what, pauses.size() + 1, waited / 1000.0);
            }
            throw e;
        }
    }
}
