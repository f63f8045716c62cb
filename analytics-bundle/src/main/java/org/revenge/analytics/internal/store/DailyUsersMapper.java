package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.DailyUsers;

/** Distinct users per day, zeros included. SQL in {@code DailyUsersMapper.xml}. */
public interface DailyUsersMapper {

    /** Whole days from the users' daily rows. */
    List<DailyUsers> fromRollups(@Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);

    /** The users of the plays started in [from, to), by their day in {@code zone}. */
    List<DailyUsers> fromPlays(@Param("from") Instant from, @Param("to") Instant to, @Param("zone") String zone,
            @Param("firstDay") LocalDate firstDay, @Param("lastDay") LocalDate lastDay);
}
