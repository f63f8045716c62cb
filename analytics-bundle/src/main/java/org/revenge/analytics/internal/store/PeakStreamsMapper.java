package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.PeakStreams;

/** The most plays going on at once per local day ({@code peak_streams_daily}). SQL in {@code PeakStreamsMapper.xml}. */
public interface PeakStreamsMapper {

    /** The days (ISO dates) counted from the raw plays, not stored: only days with plays. */
    List<PeakStreams> fromPlays(@Param("days") String[] days, @Param("zone") String zone, @Param("now") Instant now);

    /** Counts the days (ISO dates) from the raw plays and stores them. @return the rows that changed */
    int countDays(@Param("days") String[] days, @Param("zone") String zone, @Param("now") Instant now);

    /** Counts the days from the raw plays and stores them. @return the rows that changed */
    default int countDays(List<LocalDate> days, String zone, Instant now) {
        return days.isEmpty() ? 0 : countDays(isoDates(days), zone, now);
    }

    static String[] isoDates(List<LocalDate> days) {
        return days.stream().map(LocalDate::toString).toArray(String[]::new);
    }

    int dropImported(@Param("zone") String zone);

    List<LocalDate> uncounted(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    List<PeakStreams> stored(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    List<LocalDate> daysOf(@Param("userId") UUID userId, @Param("zone") String zone);

    int expireBefore(@Param("before") LocalDate before);
}
