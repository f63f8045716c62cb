package org.revenge.analytics.internal.store;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.LibraryDay;

/** Reads and writes {@code library_stats_daily}. SQL in {@code LibraryMapper.xml}. */
public interface LibraryMapper {

    /**
     * Stores a scan as its day's snapshot. A later scan of the day replaces the figures and adds
     * its added items to the day's; an older or repeated scan changes nothing.
     *
     * @return 1 if stored, 0 if it was older than or the same as the stored scan
     */
    int upsertSnapshot(LibrarySnapshot snapshot);

    LibrarySnapshot latest(@Param("libraryId") UUID libraryId);

    /** Every library with a snapshot, ordered by id. */
    List<UUID> libraryIds();

    /** The latest snapshot on or before a day, or {@code null}. */
    LibrarySnapshot onOrBefore(@Param("libraryId") UUID libraryId, @Param("day") LocalDate day);

    /** The oldest snapshot before a day, or {@code null}. */
    LibrarySnapshot oldestBefore(@Param("libraryId") UUID libraryId, @Param("day") LocalDate day);

    /** Items added by the snapshots after {@code after} up to and including {@code until}. */
    long addedBetween(@Param("libraryId") UUID libraryId, @Param("after") LocalDate after, @Param("until") LocalDate until);

    /** The last scanned day before {@code firstDay}, then every scanned day from it on, oldest first. */
    List<LibraryDay> history(@Param("libraryId") UUID libraryId, @Param("firstDay") LocalDate firstDay);
}
