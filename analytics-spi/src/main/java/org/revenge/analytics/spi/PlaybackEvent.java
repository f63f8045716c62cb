package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * One play of one media item by one user: the unit that the plugin counts and stores.
 *
 * <p>The record itself does not validate; {@link AnalyticsService#recordPlayback(PlaybackEvent)}
 * checks every field and names the first bad one in an {@link InvalidInputException}.
 *
 * @param id          idempotency key of the play, chosen by the caller (the host's session id);
 *                    recording the same id again replaces nothing and adds nothing; required
 * @param userId      the host's id of the user who played; required
 * @param mediaId     the host's id of the media item; required
 * @param libraryId   the host's id of the library that holds the item; required
 * @param mediaType   the kind of media; required
 * @param startedAt   when playback started (UTC); required, not before {@link AnalyticsService#EARLIEST_TIME},
 *                    not after now plus the allowed clock skew, and not older than the raw-event retention
 * @param endedAt     when playback ended (UTC), or {@code null} while it is still going on; if set,
 *                    not before {@code startedAt} and not after now plus the allowed clock skew
 * @param durationSec seconds actually watched, pauses excluded; 0 to 86,400 (one day), and not more
 *                    than the wall-clock time between {@code startedAt} and {@code endedAt}
 * @param completed   whether the user reached the end (by default, 90 % of the runtime)
 * @param clientType  the kind of client that played, for example {@code "web"} or {@code "android-tv"};
 *                    optional, at most 50 characters; never an IP address, user agent or path
 * @param playMethod  how the host delivered the play; optional, {@code null} when unknown (since 1.6)
 */
public record PlaybackEvent(
        UUID id,
        UUID userId,
        UUID mediaId,
        UUID libraryId,
        MediaType mediaType,
        Instant startedAt,
        Instant endedAt,
        int durationSec,
        boolean completed,
        String clientType,
        PlayMethod playMethod) {

    /** The longest {@link #clientType()} accepted, in characters. */
    public static final int MAX_CLIENT_TYPE_LENGTH = 50;

    /** The longest {@link #durationSec()} accepted: one day, in seconds. */
    public static final int MAX_DURATION_SEC = 86_400;

    /**
     * A play without a known play method: the constructor of SPI 1.5 and before, kept so callers built
     * against it still link.
     */
    public PlaybackEvent(UUID id, UUID userId, UUID mediaId, UUID libraryId, MediaType mediaType, Instant startedAt,
            Instant endedAt, int durationSec, boolean completed, String clientType) {
        this(id, userId, mediaId, libraryId, mediaType, startedAt, endedAt, durationSec, completed, clientType, null);
    }
}
