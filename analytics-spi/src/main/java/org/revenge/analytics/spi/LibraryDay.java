package org.revenge.analytics.spi;

import java.time.LocalDate;

/**
 * A library as its last scan of a day found it: a point of its growth over time.
 *
 * @param day            the day of the scan (configured zone)
 * @param totalItems     items in the library
 * @param totalSizeBytes the library's size on disk
 * @param addedItems     items the day's scans added
 * @since 1.5
 */
public record LibraryDay(LocalDate day, long totalItems, long totalSizeBytes, long addedItems) {
}
