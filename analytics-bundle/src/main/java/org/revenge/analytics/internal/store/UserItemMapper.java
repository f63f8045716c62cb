package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.MediaStats;

/**
 * The per-user, per-item, per-day rollup {@code user_item_daily} of the raw plays: every statement
 * that keeps it, and its read, side by side in {@code UserItemMapper.xml}. The writer's part is a
 * fragment included into its statement ({@code add}).
 */
public interface UserItemMapper {

    /** Rewrites the rows of the local day {@code day} ([from, to)) from its raw plays. @return the rows that differed */
    int reconcileDay(@Param("day") LocalDate day, @Param("from") Instant from, @Param("to") Instant to);

    int deleteUser(@Param("userId") UUID userId);

    /** Takes the plays started before {@code before} (UTC midnight) out of the rows; just before their partitions are dropped. */
    int expireBefore(@Param("before") LocalDate before, @Param("zone") String zone);

    /** Adds the import's staged plays that it stores raw. */
    int addImported(@Param("zone") String zone);

    /** The user's {@code limit} latest items among their newest {@code scan} rows, with each item's figures over every stored play. */
    List<MediaStats> recent(@Param("userId") UUID userId, @Param("scan") int scan, @Param("limit") int limit);

    /** Whether the user has at least {@code count} rows. */
    boolean hasMoreRows(@Param("userId") UUID userId, @Param("count") int count);
}
