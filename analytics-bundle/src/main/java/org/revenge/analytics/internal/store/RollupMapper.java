package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;

import org.apache.ibatis.annotations.Param;

/**
 * The daily rollups and retention. Each write leaves unchanged rows untouched, so running a day
 * again writes nothing when nothing changed. SQL in {@code RollupMapper.xml}.
 */
public interface RollupMapper {

    /** Writes the day's per-media rows from the raw plays started in [from, to). @return rows changed */
    int aggregateMedia(@Param("day") LocalDate day, @Param("from") Instant from, @Param("to") Instant to);

    /** Removes the day's per-media rows that the raw plays no longer support. */
    int pruneMedia(@Param("day") LocalDate day, @Param("from") Instant from, @Param("to") Instant to);

    /** Writes the day's per-user rows; unique items count that day only. @return rows changed */
    int aggregateUsers(@Param("day") LocalDate day, @Param("from") Instant from, @Param("to") Instant to);

    int pruneUsers(@Param("day") LocalDate day, @Param("from") Instant from, @Param("to") Instant to);

    /** Drops the raw partitions of UTC days that end on or before {@code before}. @return how many */
    int dropRawBefore(@Param("before") LocalDate before);

    int deleteUserActivityBefore(@Param("before") LocalDate before);

    int deleteMediaStatsBefore(@Param("before") LocalDate before);

    int deleteSystemMetricsBefore(@Param("before") Instant before);

    /** @return a day on or before the first day with raw plays, or {@code null} if there are none */
    LocalDate firstRawDay();
}
