package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.PlayMethodShare;

/**
 * The per-day, per-play-method rollup {@code play_method_daily}: every statement that keeps it, and
 * its reads, side by side in {@code PlayMethodMapper.xml}. The writer's part and the daily check's are
 * fragments included into their statements ({@code add}, {@code check}).
 */
public interface PlayMethodMapper {

    /** Adds the import's staged new plays (unknown method). */
    int addImported(@Param("zone") String zone);

    /** Takes the user's stored plays out of the rows; before they are deleted. */
    int subtractUser(@Param("userId") UUID userId, @Param("zone") String zone);

    int deleteEmpty();

    int expireBefore(@Param("before") LocalDate before);

    /** Whole days [firstDay, lastDay], most plays first. */
    List<PlayMethodShare> fromRollups(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    /** The plays started in [from, to), most plays first. */
    List<PlayMethodShare> fromPlays(@Param("from") Instant from, @Param("to") Instant to);
}
