package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One row of {@code library_stats_daily}. */
public record LibrarySnapshot(
        UUID libraryId,
        LocalDate day,
        Instant scannedAt,
        long totalItems,
        long totalSizeBytes,
        long missingMetadata,
        long orphanedFiles,
        long addedItems) {
}
