package org.revenge.analytics.spi;

import java.time.Instant;

/**
 * What one library scan found. All counts are of items in the library at the end of the scan.
 *
 * @param totalItems      media items in the library; 0 or more
 * @param totalSizeBytes  bytes of media on disk; 0 or more
 * @param missingMetadata items without usable metadata (no title match, no artwork); 0 to {@code totalItems}
 * @param orphanedFiles   files on disk that belong to no item; 0 or more
 * @param addedItems      items added since the previous scan; 0 to {@code totalItems}
 * @param scannedAt       when the scan finished (UTC); required, not in the future. The snapshot
 *                        is stored for the day of this instant, and the last scan of a day wins.
 */
public record ScanStats(
        long totalItems,
        long totalSizeBytes,
        long missingMetadata,
        long orphanedFiles,
        long addedItems,
        Instant scannedAt) {
}
