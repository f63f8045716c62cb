package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.WeekdayHour;

/**
 * The figures of a user's own page (SPI 1.4) over a week in which Europe/Berlin leaves summer time,
 * with two users playing side by side: each figure is checked against the same count made in Java
 * over that user's plays only, so nothing of the other user leaks in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserPageQueriesTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2026-10-28T12:00:00Z");
    static final UUID ANNA = new UUID(7, 1);
    static final UUID BEN = new UUID(7, 2);
    static final UUID MOVIES = new UUID(8, 1);
    static final UUID MUSIC = new UUID(8, 2);

    final List<PlaybackEvent> plays = new ArrayList<>();
    AnalyticsStore store;
    IngestPipeline pipeline;
    LocalAnalyticsService service;
    LocalAnalyticsAdmin admin;

    @BeforeAll
    void twoUsersThroughTheChange(@TempDir Path journal) throws Exception {
        store = AnalyticsStore.over(Databases.migrated("user-page"));
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", BERLIN.getId())));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String[] clients = {"web", "android", null};
        int i = 0;
        for (Instant start = NOW.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(20)); start.isBefore(NOW);
                start = start.plus(Duration.ofMinutes(70)), i++) {
            UUID user = i % 3 == 0 ? BEN : ANNA;
            boolean music = i % 2 == 0;
            plays.add(new PlaybackEvent(UUID.randomUUID(), user, new UUID(9, i % 5 + (music ? 10 : 0)), music ? MUSIC : MOVIES,
                    music ? MediaType.TRACK : MediaType.MOVIE, start, start.plusSeconds(900), 200 + i, i % 4 == 0, clients[i % 3]));
        }
        Databases.storePlays(store, plays, settings.zone());
        pipeline = new IngestPipeline(settings, journal, clock);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        admin = new LocalAnalyticsAdmin(store, pipeline, JobRunner.standalone(store, settings, clock, "test"), null, settings, clock);
    }

    @AfterAll
    void stop() throws Exception {
        pipeline.close();
    }

    List<PlaybackEvent> annas() {
        return plays.stream().filter(play -> play.userId().equals(ANNA)).toList();
    }

    @Test
    void theHeatMapHoldsOnlyTheUsersOwnPlaysInLocalHours() {
        Map<String, Long> expected = new TreeMap<>();
        annas().forEach(play -> {
            ZonedDateTime local = play.startedAt().atZone(BERLIN);
            expected.merge(local.getDayOfWeek().getValue() + "/" + local.getHour(), 1L, Long::sum);
        });

        Map<String, Long> actual = new TreeMap<>();
        service.getUserPlaysByWeekdayAndHour(ANNA, Duration.ofDays(8))
                .forEach(cell -> actual.put(cell.dayOfWeek().getValue() + "/" + cell.hour(), cell.plays()));

        assertThat(actual).isEqualTo(expected);
        assertThat(service.getUserPlaysByWeekdayAndHour(ANNA, Duration.ofDays(8)).stream().mapToLong(WeekdayHour::plays).sum())
                .isLessThan(plays.size());
    }

    @Test
    void mostWatchedClientsAndCompletionAreTheUsersOwn() {
        List<PlaybackEvent> mine = annas();
        Map<UUID, Long> perItem = new TreeMap<>();
        mine.forEach(play -> perItem.merge(play.mediaId(), 1L, Long::sum));
        long top = perItem.values().stream().max(Comparator.naturalOrder()).orElseThrow();

        List<MediaStats> items = service.getUserMostWatched(ANNA, Duration.ofDays(8), 3);
        List<ClientTypeShare> clients = service.getUserClientTypes(ANNA, Duration.ofDays(8));
        List<CompletionRate> rates = service.getUserCompletionRates(ANNA, Duration.ofDays(8));

        assertThat(items).hasSize(3);
        assertThat(items.get(0).plays()).isEqualTo(top);
        assertThat(items).allSatisfy(item -> assertThat(item.distinctUsers()).isEqualTo(1));
        assertThat(items).allSatisfy(item -> assertThat(item.plays()).isEqualTo(perItem.get(item.mediaId())));
        assertThat(clients.stream().mapToLong(ClientTypeShare::plays).sum()).isEqualTo(mine.size());
        assertThat(clients).allSatisfy(client -> assertThat(client.users()).isEqualTo(1));
        assertThat(rates.get(0).plays()).isEqualTo(mine.size());
        assertThat(rates.get(0).completedPlays()).isEqualTo(mine.stream().filter(PlaybackEvent::completed).count());
        assertThat(service.getUserCompletionRates(new UUID(7, 99), Duration.ofDays(8)))
                .containsExactly(new CompletionRate(null, 0, 0, 0));
    }

    @Test
    void historyPagesWalkTheUsersPlaysNewestFirstFilteredByLibrary() {
        Instant from = NOW.minus(Duration.ofDays(5));
        List<PlaybackEvent> expected = annas().stream()
                .filter(play -> play.libraryId().equals(MUSIC) && !play.startedAt().isBefore(from))
                .sorted(Comparator.comparing(PlaybackEvent::startedAt).reversed()).toList();

        List<PlayRecord> walked = new ArrayList<>();
        Instant before = null;
        for (int page = 0; page < 100; page++) {
            List<PlayRecord> next = service.getUserPlays(ANNA, from, NOW, MUSIC, before, 7);
            if (next.isEmpty()) {
                break;
            }
            walked.addAll(next);
            before = next.get(next.size() - 1).startedAt();
        }

        assertThat(expected).hasSizeGreaterThan(7);
        assertThat(walked).extracting(PlayRecord::startedAt).containsExactlyElementsOf(expected.stream().map(PlaybackEvent::startedAt).toList());
        assertThat(walked).allSatisfy(play -> assertThat(play.userId()).isEqualTo(ANNA));
        assertThatThrownBy(() -> service.getUserPlays(ANNA, NOW, from, null, null, 10)).hasMessageStartingWith("to: must be after from");
        assertThatThrownBy(() -> service.getUserPlays(null, from, NOW, null, null, 10)).hasMessage("userId: is required");
    }

    @Test
    void theCsvExportHoldsEveryPlayOfTheUserAndNoOther() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = admin.exportUserPlays(ANNA, ExportFormat.CSV, out);

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\r?\n");
        assertThat(written).isEqualTo(annas().size());
        assertThat(lines).hasSize(annas().size() + 1);
        assertThat(lines[0]).startsWith("userId,startedAt");
        assertThat(List.of(lines).subList(1, lines.length)).allSatisfy(line -> assertThat(line).startsWith(ANNA.toString()));
    }
}
