package org.revenge.analytics.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The latest snapshot of a library, its health figures, and its growth.
 *
 * @param libraryId       the host's id of the library
 * @param date            the day of the latest snapshot, in the configured time zone
 * @param totalItems      media items in the library
 * @param totalSizeBytes  bytes of media on disk
 * @param missingMetadata items without usable metadata (a health figure)
 * @param orphanedFiles   files that belong to no item (a health figure)
 * @param recentlyAdded   items reported as added by the scans of the last 7 days
 * @param scannedAt       when the latest scan finished (UTC)
 * @param growth          growth over 7, 30 and 365 days, in that order; a look-back is left out when
 *                        there is no snapshot before the latest one. Never {@code null}.
 */
public record LibraryStats(
        UUID libraryId,
        LocalDate date,
        long totalItems,
        long totalSizeBytes,
        long missingMetadata,
        long orphanedFiles,
        long recentlyAdded,
        Instant scannedAt,
        List<LibraryGrowth> growth) {

    /** Makes {@link #growth()} immutable. */
    public LibraryStats {
        growth = List.copyOf(growth);
    }
}
