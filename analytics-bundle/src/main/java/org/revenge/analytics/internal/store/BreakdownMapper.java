package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.MediaType;

/**
 * The dashboard breakdowns over plays started in [from, to), or over whole days from the
 * writer-kept totals, with days and hours in the given zone (PostgreSQL's {@code AT TIME ZONE}, which knows the zone's daylight-saving rules). SQL in
 * {@code BreakdownMapper.xml}.
 */
public interface BreakdownMapper {

    /** One row of the weekday by hour heat map; {@code isoDay} 1 is Monday. */
    record WeekdayHourRow(int isoDay, int hour, long plays, long watchTimeSec) {
    }

    /** A local hour of a day and the plays started in it. */
    record HourPlays(int hour, long plays) {
    }

    /** Plays and completed plays of one media type, or of all when {@code mediaType} is null. */
    record CompletionRow(MediaType mediaType, long plays, long completedPlays) {
    }

    /**
     * One row of a user's page breakdowns ({@link #userBreakdowns}): {@code part} says which one,
     * {@code ord} its place in that part's order. Columns a part does not use are null.
     *
     * @param part       {@link #ITEMS} (mediaId, libraryId, mediaType and lastPlayedAt of the latest
     *                   play), {@link #HOURS} (isoDay, hour), {@link #COMPLETION} (mediaType; null
     *                   for all) or {@link #CLIENTS} (clientType)
     */
    record UserBreakdownRow(int part, long ord, UUID mediaId, UUID libraryId, MediaType mediaType, Integer isoDay, Integer hour,
            String clientType, long plays, long completedPlays, long watchTimeSec, Instant lastPlayedAt) {

        public static final int ITEMS = 0;
        public static final int HOURS = 1;
        public static final int COMPLETION = 2;
        public static final int CLIENTS = 3;
    }

    /**
     * A user's items (most played first), heat map, completion and client types over the plays of
     * [from, to), from one read of the user's key range: what the user's page shows, in one pass.
     * Only the {@code items} most played items are returned.
     */
    List<UserBreakdownRow> userBreakdowns(@Param("userId") UUID userId, @Param("from") Instant from, @Param("to") Instant to,
            @Param("zone") String zone, @Param("items") int items);

    /** Every day from {@code firstDay} to {@code lastDay}, zeros included. */
    List<DailyActivity> playsByDay(@Param("from") Instant from, @Param("to") Instant to, @Param("zone") String zone,
            @Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    /** Every day of [firstDay, lastDay] from the per-library daily rollup, zeros included. */
    List<DailyActivity> playsByDayFromRollups(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    /** The heat map of the plays of [from, to), of one user if {@code userId} is not null. */
    List<WeekdayHourRow> playsByWeekdayAndHour(@Param("from") Instant from, @Param("to") Instant to,
            @Param("zone") String zone, @Param("userId") UUID userId);

    /** The client types of the plays of [from, to), of one user if {@code userId} is not null. */
    List<ClientTypeShare> clientTypes(@Param("from") Instant from, @Param("to") Instant to, @Param("userId") UUID userId);

    /** The total first, then one row per media type; of one user if {@code userId} is not null. */
    List<CompletionRow> completion(@Param("from") Instant from, @Param("to") Instant to, @Param("userId") UUID userId);

    /**
     * One row of the server's breakdowns of whole days ({@link #daysBreakdowns}): {@code part} says
     * which one. Columns a part does not use are null (or 0).
     *
     * @param part {@link #HOURS} (day, hour), {@link #CLIENTS} (clientType, users) or {@link #TYPES} (mediaType)
     */
    record DaysBreakdownRow(int part, LocalDate day, Integer hour, String clientType, MediaType mediaType, long plays,
            long completedPlays, long watchTimeSec, long users) {

        public static final int HOURS = 0;
        public static final int CLIENTS = 1;
        public static final int TYPES = 2;
    }

    /**
     * The plays of each local day and hour, the client types and the media types of the whole days
     * [firstDay, lastDay] from one read of the writer-kept totals: the heat map, client types and
     * completion rates of those days (and the heat map of any days within), in that order.
     */
    List<DaysBreakdownRow> daysBreakdowns(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    /** The plays of each local hour of {@code day} with plays, from the writer-kept totals, by hour. */
    List<HourPlays> playsByHourOfDay(@Param("day") LocalDate day);
}
