package org.revenge.analytics.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * What erasing a user removed. docs/PRIVACY.md says which figures keep a trace of
 * an erased user (totals that never named them) and which do not.
 *
 * @param userId       the erased user
 * @param erasedAt     when the erasure was committed (UTC)
 * @param playsRemoved raw plays removed
 * @param rowsRemoved  other rows that named the user and were removed (daily activity, recency, open sessions)
 * @param rowsAdjusted rollup rows that counted the user's plays and were lowered by them
 * @since 1.3
 */
public record UserErasure(
        UUID userId,
        Instant erasedAt,
        long playsRemoved,
        long rowsRemoved,
        long rowsAdjusted) {
}
