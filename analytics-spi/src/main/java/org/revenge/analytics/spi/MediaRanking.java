package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A ranked list of media items, saying which measure orders it and which time range it covers.
 *
 * @param libraryId the library the ranking is for
 * @param rankedBy  the measure the items are ordered by, highest first
 * @param from      start of the covered range (UTC, inclusive)
 * @param to        end of the covered range (UTC, exclusive): the moment the query ran (for
 *                  {@link AnalyticsService#getTrending}, the moment its ranking was counted)
 * @param items     the items, best first; ties are broken by the documented tie-breakers of the
 *                  query, ending with the media id, so the order is stable. Never {@code null}.
 */
public record MediaRanking(
        UUID libraryId,
        Measure rankedBy,
        Instant from,
        Instant to,
        List<MediaStats> items) {

    /** Makes {@link #items()} immutable. */
    public MediaRanking {
        items = List.copyOf(items);
    }
}
