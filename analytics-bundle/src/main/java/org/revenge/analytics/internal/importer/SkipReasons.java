package org.revenge.analytics.internal.importer;

/** The reasons a viewing is not imported, as the report names them. */
final class SkipReasons {

    /** A media type the plugin does not count (photos, clips, live TV, ...). */
    static final String OTHER_MEDIA_TYPE = "other-media-type";
    /** A row that ends before it starts. */
    static final String ENDS_BEFORE_START = "ends-before-start";
    /** A viewing of more than 24 hours. */
    static final String LONGER_THAN_DAY = "longer-than-24h";
    /** Watched less than the minimum for a play (60 s video, 15 s audio by default). */
    static final String BELOW_MINIMUM = "below-minimum";
    /** A row missing a user, an item or a time. */
    static final String INCOMPLETE_ROW = "incomplete-row";
    /** A second viewing of the same user starting at the same instant, or the same viewing twice in the file. */
    static final String DUPLICATE = "duplicate";
    /** Starts in the future. */
    static final String IN_FUTURE = "in-future";

    private SkipReasons() {
    }
}
