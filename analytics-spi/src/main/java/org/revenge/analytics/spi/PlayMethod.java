package org.revenge.analytics.spi;

import java.util.Optional;

/**
 * How the host delivered a play: the file as it is, repackaged, or converted. The host sends it as
 * the {@link #wireName()} in the optional {@link AnalyticsTopics#PLAY_METHOD} event property; a play
 * without one has no known method.
 *
 * @since 1.6
 */
public enum PlayMethod {
    /** The client played the file as stored. */
    DIRECT_PLAY("direct-play"),
    /** The server repackaged the streams into another container without converting them. */
    DIRECT_STREAM("direct-stream"),
    /** The server converted audio or video for the client. */
    TRANSCODE("transcode");

    /** The name the answers use for plays whose method the host did not say. */
    public static final String UNKNOWN = "unknown";

    private final String wireName;

    PlayMethod(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used on the wire and in answers.
     *
     * @return the lower-case name, for example {@code "direct-play"}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, ignoring case and surrounding blanks.
     *
     * @param wireName the name as the host sent it, may be {@code null}
     * @return the play method, or empty if the name is {@code null} or names no play method
     */
    public static Optional<PlayMethod> fromWireName(String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        String wanted = wireName.strip();
        for (PlayMethod method : values()) {
            if (method.wireName.equalsIgnoreCase(wanted)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
