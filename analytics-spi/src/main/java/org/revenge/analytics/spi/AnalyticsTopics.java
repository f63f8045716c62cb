package org.revenge.analytics.spi;

/**
 * The EventAdmin topics and property keys that the host posts for the plugin to count.
 *
 * <p>Ids are UUIDs. Every value may arrive as its native type ({@code UUID}, {@code Long},
 * {@code Integer}, {@code Boolean}) or as a {@code String} of it, because Karaf's
 * {@code event:send} command sends only strings. Times are epoch milliseconds (UTC). The host
 * must never put an IP address, user agent or file path in these events.
 */
public final class AnalyticsTopics {

    /** Playback of a media item began; carries the session, user, media, library and client. */
    public static final String PLAYBACK_STARTED = "org/revenge/playback/STARTED";

    /** A playing session reported its position, periodically or on pause and resume. */
    public static final String PLAYBACK_PROGRESS = "org/revenge/playback/PROGRESS";

    /** Playback of a session ended, at the given position. */
    public static final String PLAYBACK_STOPPED = "org/revenge/playback/STOPPED";

    /** A library scan finished; carries the library's size and health figures. */
    public static final String LIBRARY_SCANNED = "org/revenge/library/SCANNED";

    /** Every playback topic, for an {@code event.topics} subscription. */
    public static final String PLAYBACK_ALL = "org/revenge/playback/*";

    /** The host's id of the playback session (UUID); the idempotency key of the play. */
    public static final String SESSION_ID = "session.id";

    /** The host's id of the user who plays (UUID). */
    public static final String USER_ID = "user.id";

    /** The host's id of the media item played (UUID). */
    public static final String MEDIA_ID = "media.id";

    /** The host's id of the library (UUID). */
    public static final String LIBRARY_ID = "library.id";

    /** The kind of media: {@code movie}, {@code episode}, {@code track}, {@code audiobook} or {@code other}. */
    public static final String MEDIA_TYPE = "media.type";

    /** The kind of client, at most 50 characters, for example {@code web}; never a user agent. */
    public static final String CLIENT_TYPE = "client.type";

    /**
     * How the host delivers the play, on {@link #PLAYBACK_STARTED}: {@code direct-play},
     * {@code direct-stream} or {@code transcode} ({@link PlayMethod}); optional, absent means unknown.
     *
     * @since 1.6
     */
    public static final String PLAY_METHOD = "play.method";

    /** The playback position in whole seconds from the start of the item. */
    public static final String POSITION_SEC = "position.sec";

    /** The item's full length in whole seconds. */
    public static final String RUNTIME_SEC = "runtime.sec";

    /** Whether playback is paused at this progress report. */
    public static final String PAUSED = "paused";

    /** When the event happened, in epoch milliseconds; the same key as {@code EventConstants.TIMESTAMP}. */
    public static final String TIMESTAMP = "timestamp";

    /** The number of media items in the scanned library. */
    public static final String TOTAL_ITEMS = "total.items";

    /** The bytes of media in the scanned library. */
    public static final String TOTAL_SIZE_BYTES = "total.size.bytes";

    /** The number of items without usable metadata. */
    public static final String MISSING_METADATA = "missing.metadata";

    /** The number of files that belong to no item. */
    public static final String ORPHANED_FILES = "orphaned.files";

    /** The number of items the scan added. */
    public static final String ADDED_ITEMS = "added.items";

    private AnalyticsTopics() {
    }
}
