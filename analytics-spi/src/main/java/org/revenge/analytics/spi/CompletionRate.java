package org.revenge.analytics.spi;

/**
 * How many plays were watched to the end, by media type or in all.
 *
 * @param mediaType      the media type, or {@code null} for all plays
 * @param plays          plays started in the period
 * @param completedPlays of those, plays that reached the completion threshold
 * @param rate           {@code completedPlays / plays}, 0 when there were no plays
 * @since 1.1
 */
public record CompletionRate(MediaType mediaType, long plays, long completedPlays, double rate) {
}
