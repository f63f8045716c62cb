package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.MediaStats;

/**
 * The years in review: the server's from the daily rollups, a user's from the summary kept for
 * those who keep their year ("keep my year") plus their raw plays after it. SQL in {@code YearMapper.xml}.
 */
public interface YearMapper {

    /** One local day's plays, completed plays and watch time. */
    record DayRow(LocalDate day, long plays, long completedPlays, long watchTimeSec) {
    }

    /** One local hour of day's plays. */
    record HourRow(int hour, long plays) {
    }

    /** The first and last play, and how far a user's summary has counted ({@code null} for the server or without a summary). */
    record Bounds(Instant firstPlayAt, Instant lastPlayAt, LocalDate throughDay) {
    }

    int keep(@Param("userId") UUID userId, @Param("at") Instant at);

    boolean keeps(@Param("userId") UUID userId);

    /**
     * Adds to the summaries of {@code year} of every user who keeps their year (or of {@code userId}
     * only, if given) the raw plays of the local days after their summary's {@code through_day} up to
     * {@code day}, and moves {@code through_day} to {@code day}: four statements, one transaction.
     */
    int addDays(@Param("year") int year, @Param("day") LocalDate day, @Param("zone") String zone, @Param("userId") UUID userId);

    int addHours(@Param("year") int year, @Param("day") LocalDate day, @Param("zone") String zone, @Param("userId") UUID userId);

    int addItems(@Param("year") int year, @Param("day") LocalDate day, @Param("zone") String zone, @Param("userId") UUID userId);

    /** Whether a summary of {@code year} of a user who keeps their year (or of {@code userId}) is behind {@code day}. */
    boolean anyBehind(@Param("year") int year, @Param("day") LocalDate day, @Param("userId") UUID userId);

    int moveThrough(@Param("year") int year, @Param("day") LocalDate day, @Param("zone") String zone, @Param("userId") UUID userId);

    /**
     * Adds an import's staged new plays ({@code import_staging}) of each kept user to their
     * summaries, on the days already counted (up to each summary's {@code through_day}); the
     * aggregation counts the later days from the raw plays. Four statements, in the import's transaction.
     */
    default void addImported(String zone) {
        addImportedDays(zone);
        addImportedHours(zone);
        addImportedItems(zone);
        addImportedBounds(zone);
    }

    int addImportedDays(@Param("zone") String zone);

    int addImportedHours(@Param("zone") String zone);

    int addImportedItems(@Param("zone") String zone);

    int addImportedBounds(@Param("zone") String zone);

    /** The user's summary bounds of the year, or {@code null} without a summary. */
    Bounds userBounds(@Param("userId") UUID userId, @Param("year") int year);

    /** The user's days of [firstDay, lastDay]: the summary's up to {@code through}, the raw plays' after it. */
    List<DayRow> userDays(@Param("userId") UUID userId, @Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay,
            @Param("year") int year, @Param("through") LocalDate through, @Param("zone") String zone);

    List<HourRow> userHours(@Param("userId") UUID userId, @Param("year") int year, @Param("through") LocalDate through,
            @Param("lastDay") LocalDate lastDay, @Param("zone") String zone);

    /**
     * The {@code perLibrary} most played items of each library in the user's year, by library, most
     * played first; {@code distinctUsers} is 1.
     */
    List<MediaStats> userTopItems(@Param("userId") UUID userId, @Param("year") int year, @Param("through") LocalDate through,
            @Param("lastDay") LocalDate lastDay, @Param("zone") String zone, @Param("perLibrary") int perLibrary);

    /** How many different items the user played in the year. */
    long userDistinctItems(@Param("userId") UUID userId, @Param("year") int year, @Param("through") LocalDate through,
            @Param("lastDay") LocalDate lastDay, @Param("zone") String zone);

    /** The user's first and last play after {@code through} (the raw plays). */
    Bounds userRawBounds(@Param("userId") UUID userId, @Param("through") LocalDate through, @Param("lastDay") LocalDate lastDay,
            @Param("zone") String zone);

    /** The server's days of [firstDay, lastDay] with plays, from the per-library daily rollup. */
    List<DayRow> serverDays(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    /** The server's hours of day in the year, from the per-year hour totals. */
    List<HourRow> serverHours(@Param("year") int year);

    /** Items played in the year (as far as the daily rollups keep it), from the per-item years. */
    long serverDistinctItems(@Param("year") int year);

    /** Each library's {@code perLibrary} most played items of the year; {@code distinctUsers} is 0 (not counted). */
    List<MediaStats> serverTopItems(@Param("year") int year, @Param("perLibrary") int perLibrary);

    /** The first play of the local day {@code firstDay} (as far as stored raw) and the last of the year. */
    Bounds serverBounds(@Param("firstDay") LocalDate firstDay, @Param("year") int year, @Param("zone") String zone);

    /**
     * Counts the raw plays of the days up to {@code day} into the summaries of its year, for every
     * user who keeps their year or only {@code user}; in the caller's transaction, in the order the
     * statements need (the summary's through_day moves last).
     *
     * @param user one user, or {@code null} for everyone who keeps their year
     * @return the summary rows written
     */
    default int countInto(LocalDate day, java.time.ZoneId zone, UUID user) {
        int year = day.getYear();
        String zoneId = zone.getId();
        if (!anyBehind(year, day, user)) {
            // the common case, nobody keeps their year: a statement instead of four (each planned at 6 to 12 ms)
            return 0;
        }
        return addDays(year, day, zoneId, user) + addHours(year, day, zoneId, user) + addItems(year, day, zoneId, user)
                + moveThrough(year, day, zoneId, user);
    }
}
