package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.internal.store.PlayColumns;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.WeekdayHour;

/**
 * The breakdowns over a week in which Europe/Berlin leaves summer time (2026-10-25 has 25 hours),
 * checked against the same counts made in Java with java.time's own zone rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakdownsTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2026-10-28T12:00:00Z");
    static final Instant WEEK_START = NOW.minus(Duration.ofDays(7));

    final List<PlaybackEvent> plays = new ArrayList<>();
    IngestPipeline pipeline;
    LocalAnalyticsService service;

    @BeforeAll
    void hourlyPlaysThroughTheChange(@TempDir Path journal) throws Exception {
        AnalyticsStore store = AnalyticsStore.over(Databases.migrated("dst"));
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", BERLIN.getId())));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String[] clients = {"web", "android", null};
        MediaType[] types = {MediaType.MOVIE, MediaType.EPISODE, MediaType.TRACK};
        int i = 0;
        for (Instant start = WEEK_START.plus(Duration.ofMinutes(30)); start.isBefore(NOW); start = start.plus(Duration.ofHours(1)), i++) {
            plays.add(new PlaybackEvent(UUID.randomUUID(), new UUID(1, i % 4 + 1), UUID.randomUUID(), UUID.randomUUID(),
                    types[i % 3], start, start.plusSeconds(600), 300 + i, i % 4 == 0, clients[i % 3]));
        }
        Databases.storePlays(store, plays, settings.zone());
        pipeline = new IngestPipeline(settings, journal, clock);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
    }

    @AfterAll
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void playsByDayFollowTheLocalCalendarWithTheLongDay() {
        Map<LocalDate, Long> expected = new TreeMap<>();
        for (LocalDate day = LocalDate.ofInstant(WEEK_START, BERLIN); !day.isAfter(LocalDate.ofInstant(NOW, BERLIN)); day = day.plusDays(1)) {
            expected.put(day, 0L);
        }
        plays.forEach(play -> expected.merge(LocalDate.ofInstant(play.startedAt(), BERLIN), 1L, Long::sum));

        // today and the 7 days before it: whole days, from the per-library daily rollup
        List<DailyActivity> days = service.getPlaysByDay(Duration.ofDays(8));

        assertThat(days).extracting(DailyActivity::date).containsExactlyElementsOf(expected.keySet());
        assertThat(days).extracting(DailyActivity::plays).containsExactlyElementsOf(expected.values());
        assertThat(days).filteredOn(day -> day.date().equals(LocalDate.of(2026, 10, 25)))
                .singleElement().satisfies(day -> assertThat(day.plays()).isEqualTo(25));
    }

    @Test
    void theHeatMapCountsLocalHours() {
        Map<String, Long> expected = new TreeMap<>();
        plays.forEach(play -> {
            ZonedDateTime local = play.startedAt().atZone(BERLIN);
            expected.merge(local.getDayOfWeek().getValue() + "/" + local.getHour(), 1L, Long::sum);
        });

        // today and the 7 days before it: whole days, from the writer-kept totals per local hour
        List<WeekdayHour> cells = service.getPlaysByWeekdayAndHour(Duration.ofDays(8));

        Map<String, Long> actual = new TreeMap<>();
        cells.forEach(cell -> actual.put(cell.dayOfWeek().getValue() + "/" + cell.hour(), cell.plays()));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get(DayOfWeek.SUNDAY.getValue() + "/2")).as("02:xx happened twice that night").isEqualTo(2);
    }

    @Test
    void clientTypesAndCompletionRatesAddUp() {
        List<ClientTypeShare> clients = service.getClientTypes(Duration.ofDays(8));
        List<CompletionRate> rates = service.getCompletionRates(Duration.ofDays(8));

        assertThat(clients).extracting(ClientTypeShare::clientType).containsExactlyInAnyOrder("web", "android", "unknown");
        assertThat(clients.stream().mapToLong(ClientTypeShare::plays).sum()).isEqualTo(plays.size());
        assertThat(rates.get(0).mediaType()).isNull();
        assertThat(rates.get(0).plays()).isEqualTo(plays.size());
        assertThat(rates.get(0).completedPlays()).isEqualTo(plays.stream().filter(PlaybackEvent::completed).count());
        assertThat(rates.subList(1, rates.size())).extracting(CompletionRate::mediaType)
                .containsExactly(MediaType.MOVIE, MediaType.EPISODE, MediaType.TRACK);
        assertThat(rates.subList(1, rates.size()).stream().mapToLong(CompletionRate::plays).sum()).isEqualTo(plays.size());
    }

    @Test
    void periodsAreChecked() {
        assertThatThrownBy(() -> service.getPlaysByDay(Duration.ofDays(500))).hasMessageStartingWith("period: must be at most 400 days");
        assertThatThrownBy(() -> service.getClientTypes(null)).hasMessage("period: is required");
        assertThatThrownBy(() -> service.getCompletionRates(Duration.ofMinutes(1))).hasMessageStartingWith("period: must be between");
    }
}
