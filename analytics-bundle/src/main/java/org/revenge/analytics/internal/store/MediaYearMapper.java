package org.revenge.analytics.internal.store;

import java.time.LocalDate;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;

/**
 * The per-item, per-year rollup {@code media_stats_yearly}: every statement that keeps it equal to
 * the sums of its daily rows, side by side in {@code MediaYearMapper.xml}. The writer's and the
 * daily check's parts are fragments included into their statements ({@code add}, {@code carry}).
 */
public interface MediaYearMapper {

    /** Counts every item-year the user played again from its (already lowered) daily rows; before their plays go. */
    int recountUser(@Param("userId") UUID userId, @Param("zone") String zone);

    /** Takes the daily rows before {@code before} out of their years; just before they are deleted. */
    int expireBefore(@Param("before") LocalDate before);

    /** Adds the import's per-item days ({@code import_media_day}) to their years. */
    int addImported();
}
