package org.revenge.analytics.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * The kind of media a play is of. The host sends it as the lower-case {@link #wireName()} in the
 * {@link AnalyticsTopics#MEDIA_TYPE} event property.
 */
public enum MediaType {
    /** A feature film. */
    MOVIE,
    /** One episode of a series. */
    EPISODE,
    /** A music track. */
    TRACK,
    /** An audiobook or one of its chapters. */
    AUDIOBOOK,
    /** Anything else the host plays (clips, trailers, home videos). */
    OTHER;

    /**
     * The name used on the wire and in storage.
     *
     * @return the lower-case name, for example {@code "episode"}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether this is listened to rather than watched; audio has its own minimum play length.
     *
     * @return {@code true} for {@link #TRACK} and {@link #AUDIOBOOK}
     */
    public boolean isAudio() {
        return this == TRACK || this == AUDIOBOOK;
    }

    /**
     * Parses a wire name, ignoring case and surrounding blanks.
     *
     * @param wireName the name as the host sent it, may be {@code null}
     * @return the media type, or empty if the name is {@code null} or names no media type
     */
    public static Optional<MediaType> fromWireName(String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        String wanted = wireName.strip();
        for (MediaType type : values()) {
            if (type.wireName().equalsIgnoreCase(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
