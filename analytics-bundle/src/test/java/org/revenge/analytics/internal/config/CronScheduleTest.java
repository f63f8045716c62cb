package org.revenge.analytics.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class CronScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void theDefaultFiresAtThreeEveryDayInTheZone() {
        CronSchedule daily = new CronSchedule("aggregation.schedule", "0 3 * * *");
        ZonedDateTime evening = ZonedDateTime.of(2026, 11, 23, 22, 0, 0, 0, BERLIN);

        assertThat(daily.next(evening)).isEqualTo(ZonedDateTime.of(2026, 11, 24, 3, 0, 0, 0, BERLIN));
        assertThat(daily.previous(evening)).isEqualTo(ZonedDateTime.of(2026, 11, 23, 3, 0, 0, 0, BERLIN));
    }

    @Test
    void itFollowsDaylightSavingTime() {
        CronSchedule daily = new CronSchedule("aggregation.schedule", "30 1 * * *");
        // Europe/Berlin leaves summer time on 2026-10-25: the day has 25 hours
        ZonedDateTime before = ZonedDateTime.of(2026, 10, 24, 12, 0, 0, 0, BERLIN);

        ZonedDateTime next = daily.next(before);
        assertThat(next.toLocalDateTime()).isEqualTo(java.time.LocalDateTime.of(2026, 10, 25, 1, 30));
        assertThat(daily.next(next).toLocalDateTime()).isEqualTo(java.time.LocalDateTime.of(2026, 10, 26, 1, 30));
    }

    @Test
    void listsRangesAndStepsWork() {
        CronSchedule schedule = new CronSchedule("x", "*/15 8-10,20 * * 1-5");
        ZonedDateTime fridayNight = ZonedDateTime.of(2026, 11, 27, 20, 50, 0, 0, BERLIN);

        assertThat(schedule.next(fridayNight)).isEqualTo(ZonedDateTime.of(2026, 11, 30, 8, 0, 0, 0, BERLIN));
    }

    @Test
    void malformedExpressionsAreRefusedByName() {
        assertThatThrownBy(() -> new CronSchedule("aggregation.schedule", "0 3 * *"))
                .hasMessageContaining("aggregation.schedule").hasMessageContaining("five fields");
        assertThatThrownBy(() -> new CronSchedule("aggregation.schedule", "0 25 * * *"))
                .hasMessageContaining("the hour must be a number from 0 to 23");
        assertThatThrownBy(() -> new CronSchedule("aggregation.schedule", "0 5-2 * * *"))
                .hasMessageContaining("backwards");
    }
}
