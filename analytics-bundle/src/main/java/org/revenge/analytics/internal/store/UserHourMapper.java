package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;

/**
 * The per-hour, per-user rollup {@code user_activity_hourly} of the raw plays: every statement that
 * keeps it, side by side in {@code UserHourMapper.xml}. The writer's part is a fragment included
 * into its statement ({@code add}); {@link PlaybackMapper#activeUsers} reads it.
 */
public interface UserHourMapper {

    /** Rewrites the UTC hours that [from, to) touches from their raw plays. @return the rows that differed */
    int reconcileHours(@Param("from") Instant from, @Param("to") Instant to);

    int deleteUser(@Param("userId") UUID userId);

    /** Deletes the hours before {@code before} (UTC midnight); just before their partitions are dropped. */
    int expireBefore(@Param("before") LocalDate before);

    /** Adds the import's staged plays that it stores raw. */
    int addImported();
}
