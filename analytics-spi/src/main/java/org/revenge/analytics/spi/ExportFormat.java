package org.revenge.analytics.spi;

/**
 * The formats of a streamed export of plays.
 *
 * @since 1.3
 */
public enum ExportFormat {
    /** RFC 4180 comma-separated values in UTF-8, with a header line naming the {@link PlayRecord} fields. */
    CSV,
    /** One JSON array of objects in UTF-8, one object a {@link PlayRecord}, instants in ISO-8601 UTC. */
    JSON
}
