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
 * @param quarantinedByReason records the writer set aside since the start because they could not be
 *                          stored (see {@link QuarantinedRecord}), by reason ({@code kind: reason}); never
 *                          {@code null}; since 1.4.0
 */
public record IngestStats(
        long accepted,
        long rejected,
        Map<String, Long> rejectedByReason,
        long queued,
        long journaled,
        long written,
        Duration writeLag,
        Map<String, Long> quarantinedByReason) {

    /** Makes {@link #rejectedByReason()} and {@link #quarantinedByReason()} immutable. */
    public IngestStats {
        rejectedByReason = Map.copyOf(rejectedByReason);
        quarantinedByReason = Map.copyOf(quarantinedByReason);
    }

    /** The statistics of SPI 1.3, with nothing quarantined. */
    public IngestStats(long accepted, long rejected, Map<String, Long> rejectedByReason, long queued, long journaled,
            long written, Duration writeLag) {
        this(accepted, rejected, rejectedByReason, queued, journaled, written, writeLag, Map.of());
    }

    /** @return records set aside since the start, all reasons together */
    public long quarantined() {
        return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
