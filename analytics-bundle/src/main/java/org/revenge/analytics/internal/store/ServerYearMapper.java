package org.revenge.analytics.internal.store;

import java.util.UUID;

import org.apache.ibatis.annotations.Param;

/**
 * The server's per-year rollups {@code server_years} (the year's played items and latest start)
 * and {@code server_year_hours} (the year's plays per hour of day): every statement that keeps them
 * equal to what they are counted from, side by side in {@code ServerYearMapper.xml}. The writer's
 * part is a fragment included into its statement ({@code add}); the others count years again, and
 * run under the writers' lock ({@link RollupMapper#lockRollups()}).
 */
public interface ServerYearMapper {

    /**
     * Counts the local years {@code firstYear} to {@code lastYear} again from the per-item years and
     * the daily breakdowns.
     *
     * @return the rows written or removed
     */
    int recountYears(@Param("firstYear") int firstYear, @Param("lastYear") int lastYear);

    /** Counts the years of the user's plays again; after their rollup rows were lowered, before their plays go. */
    int recountUser(@Param("userId") UUID userId, @Param("zone") String zone);

    /** Counts the years of the import's new plays ({@code import_media_day}) again, after their rollups were added. */
    int recountImported();
}
