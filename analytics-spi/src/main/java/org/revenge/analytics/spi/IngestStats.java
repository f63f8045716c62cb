package org.revenge.analytics.spi;

import java.time.Duration;
import java.util.Map;

/**
 * Counters of the recording path since the analytics bundle last started.
 *
 * @param accepted          events and calls that passed validation
 * @param rejected          events and calls that failed validation
 * @param rejectedByReason  rejections by reason, keyed {@code field: reason}; never {@code null}
 * @param queued            plays waiting in memory to be written
 * @param journaled         plays waiting in the on-disk journal to be written
 * @param written           plays written to PostgreSQL
 * @param writeLag          age of the oldest play not yet written, {@link Duration#ZERO} if none
 */
public record IngestStats(
        long accepted,
        long rejected,
        Map<String, Long> rejectedByReason,
        long queued,
        long journaled,
        long written,
        Duration writeLag) {

    /** Makes {@link #rejectedByReason()} immutable. */
    public IngestStats {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }
}
