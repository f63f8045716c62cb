package org.revenge.analytics.spi;

import java.time.LocalDate;

/**
 * How a library changed between an earlier snapshot and the latest one.
 *
 * @param days           the look-back asked for: 7, 30 or 365
 * @param comparedWith   the day of the earlier snapshot: the latest one on or before the look-back
 *                       day, or the oldest one if the library is younger than the look-back
 * @param itemsDelta     items now minus items then (negative if the library shrank)
 * @param sizeBytesDelta bytes now minus bytes then
 * @param itemsAdded     items reported as added by the scans after {@code comparedWith}, up to now
 */
public record LibraryGrowth(int days, LocalDate comparedWith, long itemsDelta, long sizeBytesDelta, long itemsAdded) {
}
