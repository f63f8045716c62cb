package org.revenge.analytics.spi;

import java.time.Instant;

/**
 * A record the recording path could not store and does not retry on its own: the database refused
 * it (for example a value out of range), or the plugin's code failed on it. It was set aside so
 * that the rest of its batch, and every later one, went on. {@link AnalyticsAdmin} lists,
 * re-drives and discards these.
 *
 * @param id            the quarantine entry's id, for {@link AnalyticsAdmin#redriveQuarantined} and
 *                      {@link AnalyticsAdmin#discardQuarantined}
 * @param kind          what the record is: {@value #PLAY}, {@value #SCAN}, {@value #SESSION},
 *                      {@value #SESSION_END}, {@value #SIGNAL} or {@value #CHECKPOINT}
 * @param content       the record as JSON: only what it holds (ids, times, figures, the client
 *                      type), never a user name, address or file path
 * @param reason        why it was set aside, in words, with the database's message if it refused it
 * @param quarantinedAt when it was set aside
 * @since 1.4.0
 */
public record QuarantinedRecord(long id, String kind, String content, String reason, Instant quarantinedAt) {

    /** A play ({@link PlaybackEvent}) to be stored. */
    public static final String PLAY = "play";

    /** A library scan's snapshot for its day. */
    public static final String SCAN = "scan";

    /** The stored state of an open playback session. */
    public static final String SESSION = "session";

    /** The removal of a closed session's stored state. */
    public static final String SESSION_END = "session-end";

    /** A host event already validated (a start, progress or stop) that could not be applied. */
    public static final String SIGNAL = "signal";

    /** The journal checkpoint: how far the on-disk journal is stored. */
    public static final String CHECKPOINT = "checkpoint";
}
