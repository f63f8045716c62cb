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
 * @param appended          events appended to the journal: from then on a killed process does not
 *                          lose them (a power loss may, within the window that {@code journal.sync}
 *                          states); since 1.4
 * @param journalFailures   appends to the journal that failed (a full disk, an I/O error); the
 *                          events stay in memory and are appended again; since 1.4
 * @param quarantinedByReason records the writer set aside since the start because they could not be
 *                          stored (see {@link QuarantinedRecord}), by reason ({@code kind: reason}); never
 *                          {@code null}; since 1.4
 */
public record IngestStats(
        long accepted,
        long rejected,
        Map<String, Long> rejectedByReason,
        long queued,
        long journaled,
        long written,
        Duration writeLag,
        long appended,
        long journalFailures,
        Map<String, Long> quarantinedByReason) {

    /** Makes {@link #rejectedByReason()} and {@link #quarantinedByReason()} immutable. */
    public IngestStats {
        rejectedByReason = Map.copyOf(rejectedByReason);
        quarantinedByReason = Map.copyOf(quarantinedByReason);
    }

    /** @return records set aside since the start, all reasons together */
    public long quarantined() {
        return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The statistics of SPI 1.3: none of the journal's counters (both 0), nothing quarantined. */
    public IngestStats(long accepted, long rejected, Map<String, Long> rejectedByReason, long queued, long journaled,
            long written, Duration writeLag) {
        this(accepted, rejected, rejectedByReason, queued, journaled, written, writeLag, 0, 0, Map.of());
    }
}
