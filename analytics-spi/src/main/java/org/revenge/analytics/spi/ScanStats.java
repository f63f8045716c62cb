package org.revenge.analytics.spi;

import java.time.Instant;

/**
 * What one library scan found. All counts are of items in the library at the end of the scan.
 *
 * <p>The bounds are what the database can add up without overflow: a count is at most
 * {@link #MAX_COUNT} (10<sup>12</sup>), a size at most {@link #MAX_SIZE_BYTES} (10<sup>15</sup>, a
 * petabyte); the items a day's scans added are summed and kept at most {@link #MAX_COUNT}, so 100
 * years of days still fit a 64-bit sum, as do the sizes of thousands of libraries.
 *
 * @param totalItems      media items in the library; 0 to {@link #MAX_COUNT}
 * @param totalSizeBytes  bytes of media on disk; 0 to {@link #MAX_SIZE_BYTES}
 * @param missingMetadata items without usable metadata (no title match, no artwork); 0 to {@code totalItems}
 * @param orphanedFiles   files on disk that belong to no item; 0 to {@link #MAX_COUNT}
 * @param addedItems      items added since the previous scan; 0 to {@code totalItems}
 * @param scannedAt       when the scan finished (UTC); required, from {@link AnalyticsService#EARLIEST_TIME}
 *                        to now plus the allowed clock skew. The snapshot is stored for the day of this
 *                        instant, and the last scan of a day wins.
 */
public record ScanStats(
        long totalItems,
        long totalSizeBytes,
        long missingMetadata,
        long orphanedFiles,
        long addedItems,
        Instant scannedAt) {

    /** The largest count a scan may report (items, missing metadata, orphaned files, added items): 10^12. @since 1.4.0 */
    public static final long MAX_COUNT = 1_000_000_000_000L;

    /** The largest library size a scan may report, in bytes: 10^15 (a petabyte). @since 1.4.0 */
    public static final long MAX_SIZE_BYTES = 1_000_000_000_000_000L;
}
