package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * A user who played something within the window asked for.
 *
 * @param userId       the host's id of the user
 * @param lastPlayedAt start of the user's latest play (UTC)
 * @param plays        plays started within the window
 * @param watchTimeSec seconds watched in those plays, pauses excluded
 * @param playingNow   whether one of the user's plays is still open (no end recorded yet)
 */
public record UserActivity(UUID userId, Instant lastPlayedAt, long plays, long watchTimeSec, boolean playingNow) {
}
