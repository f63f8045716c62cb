package org.revenge.analytics.internal.store;

import java.time.LocalDate;

/**
 * One day of a user's plays, or with no day, the whole period; columns in the order of
 * {@code PlaybackMapper.userPeriod}.
 */
public record UserDayRow(LocalDate day, long plays, long completedPlays, long watchTimeSec, long uniqueItems) {
}
