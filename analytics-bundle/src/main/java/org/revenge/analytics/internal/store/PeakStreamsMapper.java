package org.revenge.analytics.internal.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.PeakStreams;

/**
 * The most plays going on at once per local day: {@code peak_streams_daily} for the days the daily
 * check has stored, {@code peak_streams_recent} for the days still being written. SQL in {@code PeakStreamsMapper.xml}.
 */
public interface PeakStreamsMapper {

    /**
     * The days (ISO dates) counted from the raw plays started in [from, to), not stored: only days
     * with plays. The bounds are bound values, so that PostgreSQL prunes the partitions when it plans.
     */
    List<PeakStreams> fromPlays(@Param("days") String[] days, @Param("from") Instant from, @Param("to") Instant to,
            @Param("zone") String zone, @Param("now") Instant now);

    /** Counts the days (ISO dates) as {@code fromPlays} does and stores them. @return the rows that changed */
    int countDays(@Param("days") String[] days, @Param("from") Instant from, @Param("to") Instant to,
            @Param("zone") String zone, @Param("now") Instant now);

    /** The days counted from the raw plays, not stored: only days with plays. */
    default List<PeakStreams> fromPlays(List<LocalDate> days, String zone, Instant now) {
        return days.isEmpty() ? List.of() : fromPlays(isoDates(days), from(days, zone), to(days, zone), zone, now);
    }

    /** Counts the days from the raw plays and stores them. @return the rows that changed */
    default int countDays(List<LocalDate> days, String zone, Instant now) {
        return days.isEmpty() ? 0 : countDays(isoDates(days), from(days, zone), to(days, zone), zone, now);
    }

    /** Counts the days (ISO dates) as {@code fromPlays} does into {@code peak_streams_recent}, as of {@code now}. @return the rows */
    int countRecent(@Param("days") String[] days, @Param("from") Instant from, @Param("to") Instant to,
            @Param("zone") String zone, @Param("now") Instant now);

    /** Counts the days (a day without plays as 0) into {@code peak_streams_recent}, as of {@code now}. @return the rows */
    default int countRecent(List<LocalDate> days, String zone, Instant now) {
        return days.isEmpty() ? 0 : countRecent(isoDates(days), from(days, zone), to(days, zone), zone, now);
    }

    /** Empties {@code peak_streams_recent}: the job's new count, or an erasure. @return the rows deleted */
    int clearRecent();

    /** The counted days of [firstDay, lastDay] whose count was made at or after {@code freshSince}. */
    List<PeakStreams> recent(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay,
            @Param("freshSince") Instant freshSince);

    private static String[] isoDates(List<LocalDate> days) {
        return days.stream().map(LocalDate::toString).toArray(String[]::new);
    }

    /** A day before the first day: a play that began then may still go on (a play is at most a day of watching). */
    private static Instant from(List<LocalDate> days, String zone) {
        return days.stream().min(LocalDate::compareTo).orElseThrow().atStartOfDay(ZoneId.of(zone)).toInstant().minus(Duration.ofDays(1));
    }

    private static Instant to(List<LocalDate> days, String zone) {
        return days.stream().max(LocalDate::compareTo).orElseThrow().plusDays(1).atStartOfDay(ZoneId.of(zone)).toInstant();
    }

    int dropImported(@Param("zone") String zone);

    List<LocalDate> uncounted(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    List<PeakStreams> stored(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    List<LocalDate> daysOf(@Param("userId") UUID userId, @Param("zone") String zone);

    int expireBefore(@Param("before") LocalDate before);
}
