package org.revenge.analytics.internal.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.ItemActivity;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.testing.Chromium;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The page as a person uses it, in headless Chromium over HTTP: the page, its script, uPlot and its
 * JSON are served by the same code the console plugin runs ({@link ConsolePage}, {@link ConsoleRequests}),
 * over an AnalyticsService that answers day series whose sums the test knows. Each step checks what
 * is shown and keeps a screenshot in {@code target/console-interactive/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePageInteractiveTest {

    private static final Path OUT = Path.of("target", "console-interactive");
    private static final String PAGE = "/system/console/analytics";
    private static final ZoneId ZONE = ZoneOffset.UTC;

    private static final int PLAYS_A_DAY = 60;
    /** The days whose plays were listed, as the console plugin audits them. */
    private static final List<LocalDate> AUDITED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static Chromium chromium;
    private static HttpServer server;
    private static String address;

    /** Day i back from today: 10 + i % 7 plays and 1800 s of watching per play. */
    static List<DailyActivity> series(int days) {
        List<DailyActivity> series = new ArrayList<>();
        LocalDate today = LocalDate.now(ZONE);
        for (int i = days - 1; i >= 0; i--) {
            long plays = 10 + i % 7;
            series.add(new DailyActivity(today.minusDays(i), plays, plays / 2, plays * 1800));
        }
        return series;
    }

    static long playsOver(int days) {
        return series(days).stream().mapToLong(DailyActivity::plays).sum();
    }

    @BeforeAll
    static void start() throws Exception {
        AnalyticsService analytics = mock(AnalyticsService.class);
        when(analytics.getPlaysByDay(any())).thenAnswer(call -> {
            Duration period = call.getArgument(0);
            return series((int) Math.max(1, (period.toHours() + 23) / 24));
        });
        when(analytics.getItemActivity(any(), any(), any())).thenAnswer(call -> item(call.getArgument(0), call.getArgument(1),
                call.getArgument(2)));
        AnalyticsAdmin admin = mock(AnalyticsAdmin.class);
        when(admin.getPlaysOn(any(), any(), anyInt())).thenAnswer(call -> playsOn(call.getArgument(0), call.getArgument(1),
                call.getArgument(2)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                serve(exchange, analytics, admin);
            } finally {
                exchange.close();
            }
        });
        server.start();
        address = "http://127.0.0.1:" + server.getAddress().getPort() + PAGE;
        chromium = new Chromium(OUT.resolve("profile"), 1280, 1000);
    }

    /** Any item: played on the period's first and last day, 3 and 5 plays by 4 users, 6 of them to the end. */
    static ItemActivity item(UUID library, UUID media, Duration period) {
        LocalDate today = LocalDate.now(ZONE);
        List<DailyActivity> days = List.of(new DailyActivity(today.minusDays(Math.min(period.toDays(), 400) - 1), 3, 2, 3 * 1800),
                new DailyActivity(today, 5, 4, 5 * 1800));
        return new ItemActivity(media, library, MediaType.MOVIE, 8, 6, 8 * 1800, 4, Instant.now(), days);
    }

    /** Any day's plays: {@value #PLAYS_A_DAY} of them from 18:00, a minute apart, by three users in turn. */
    static List<PlayRecord> playsOn(LocalDate day, PlayRecord after, int limit) {
        List<PlayRecord> plays = new ArrayList<>();
        Instant six = day.atTime(18, 0).toInstant(ZoneOffset.UTC);
        for (int i = 0; i < PLAYS_A_DAY && plays.size() < limit; i++) {
            PlayRecord play = new PlayRecord(new UUID(7, i % 3), six.plusSeconds(60L * i), six.plusSeconds(60L * i + 1500),
                    new UUID(8, i), new UUID(9, 1), MediaType.EPISODE, "web", 1440, i % 2 == 0);
            if (after == null || play.startedAt().isAfter(after.startedAt())) {
                plays.add(play);
            }
        }
        return plays;
    }

    private static void serve(HttpExchange exchange, AnalyticsService analytics, AnalyticsAdmin admin) throws IOException {
        String below = AnalyticsConsolePlugin.below(exchange.getRequestURI().getPath());
        byte[] body;
        int status = 200;
        String type = "text/html; charset=UTF-8";
        if (below == null) {
            body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                    + "<title>Analytics</title></head><body style=\"margin:0\">"
                    + ConsolePage.render(Dashboards.full(), ZONE, PAGE, "token", null, ShownNames.none()) + "</body></html>")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            Map<String, String> query = new HashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            ConsoleRequests.Answer answer = ConsoleRequests.answer(below, query::get, analytics, admin, ShownNames.none(), ZONE,
                    AUDITED::add);
            status = answer.status();
            type = answer.contentType();
            body = answer.body();
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** Waits until the summary says the days, the total and the measure, and the chart drew as many days. */
    private static void awaitShown(int days, String total, String measure) {
        String shown = "(function () { const s = document.getElementById('days-summary');"
                + " return [s.dataset.days, s.dataset.total, s.dataset.measure, document.getElementById('days-chart').dataset.drawn,"
                + " String(document.querySelectorAll('#days-chart canvas').length)].join(':'); })()";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(chromium.evaluate(shown))
                .isEqualTo(days + ":" + total + ":" + measure + ":" + days + ":1"));
    }

    private static void choose(String script) throws IOException {
        assertThat(chromium.evaluate("(function () { " + script + " return 'done'; })()")).isEqualTo("done");
    }

    @Test
    @Order(1)
    void theChartOfThirtyDaysReplacesTheServerDrawnOne() throws Exception {
        chromium.open(address);
        awaitShown(30, Long.toString(playsOver(30)), "plays");
        assertThat(chromium.evaluate("String(document.querySelector('figure.chart[data-chart=\"plays-by-day\"]').hidden)"))
                .as("the SVG fallback is hidden once the script draws").isEqualTo("true");
        assertThat(chromium.evaluate("document.getElementById('days-summary').textContent.replace(/[^a-z0-9 ]/gi, '')"))
                .isEqualTo(playsOver(30) + " plays over 30 days 30 days");
        chromium.screenshot(OUT.resolve("01-thirty-days.png"));
    }

    @Test
    @Order(2)
    void choosingSevenDaysShowsSevenDays() throws Exception {
        choose("const p = document.getElementById('period'); p.value = 'P7D'; p.dispatchEvent(new Event('change'));");
        awaitShown(7, Long.toString(playsOver(7)), "plays");
        chromium.screenshot(OUT.resolve("02-seven-days.png"));
    }

    @Test
    @Order(3)
    void theToggleShowsWatchHoursOfTheSameDays() throws Exception {
        choose("document.querySelector('input[name=\"measure\"][value=\"watch\"]').click();");
        // 1800 s per play: half an hour each
        String hours = Double.toString(playsOver(7) / 2.0).replaceAll("\\.0$", "");
        awaitShown(7, hours, "watch");
        chromium.screenshot(OUT.resolve("03-watch-hours.png"));
    }

    @Test
    @Order(4)
    void aCustomRangeShowsItsDaysAndABadOneSaysWhy() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        choose("document.querySelector('input[name=\"measure\"][value=\"plays\"]').click();"
                + "const p = document.getElementById('period'); p.value = 'custom'; p.dispatchEvent(new Event('change'));"
                + "document.getElementById('range-from').value = '" + today.minusDays(9) + "';"
                + "document.getElementById('range-to').value = '" + today.minusDays(5) + "';"
                + "document.getElementById('range-apply').click();");
        long plays = series(10).subList(0, 5).stream().mapToLong(DailyActivity::plays).sum();
        awaitShown(5, Long.toString(plays), "plays");
        choose("document.getElementById('range-to').value = '" + today.plusDays(3) + "';"
                + "document.getElementById('range-apply').click();");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(chromium.evaluate(
                "document.getElementById('days-error').textContent.replace(/[^a-z0-9 :(),-]/gi, '')"))
                .isEqualTo("to: must not be after today (" + today + "), was " + today.plusDays(3)));
    }

    @Test
    @Order(5)
    void darkModeFollowsTheBrowsersPreference() throws Exception {
        choose("const p = document.getElementById('period'); p.value = 'P30D'; p.dispatchEvent(new Event('change'));");
        awaitShown(30, Long.toString(playsOver(30)), "plays");
        String light = chromium.evaluate("getComputedStyle(document.getElementById('revenge-analytics')).backgroundColor");
        chromium.emulateDarkMode(true);
        try {
            assertThat(chromium.evaluate("getComputedStyle(document.getElementById('revenge-analytics')).backgroundColor"))
                    .isEqualTo("rgb(13, 17, 23)").isNotEqualTo(light);
            assertThat(chromium.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor"))
                    .isEqualTo("rgb(22, 27, 34)");
            chromium.screenshot(OUT.resolve("04-dark.png"));
            // the bars are painted in the dark scheme's colour
            assertThat(ConsolePageInChromiumTest.pixelsOf(OUT.resolve("04-dark.png"), 0x58a6ff)).isGreaterThan(500);
        } finally {
            chromium.emulateDarkMode(false);
        }
    }

    @Test
    @Order(6)
    void atAPhonesWidthNothingIsWiderThanTheScreen() throws Exception {
        chromium.resize(390, 844);
        try {
            chromium.open(address);
            awaitShown(30, Long.toString(playsOver(30)), "plays");
            assertThat(Integer.parseInt(chromium.evaluate("String(document.documentElement.scrollWidth)"))).isLessThanOrEqualTo(390);
            assertThat(Integer.parseInt(chromium.evaluate("String(document.querySelector('#days-chart canvas').getBoundingClientRect().width)")))
                    .isBetween(200, 390);
            chromium.screenshot(OUT.resolve("05-phone.png"));
        } finally {
            chromium.resize(1280, 1000);
        }
    }

    @Test
    @Order(7)
    void thePeriodAndMeasureAreReachedByKeyboard() throws Exception {
        assertThat(chromium.evaluate("[document.getElementById('period').tabIndex, "
                + "document.querySelector('input[name=\"measure\"]').tabIndex].join(':')")).isEqualTo("0:0");
    }

    /** Waits until the day's list shows the day and how many plays. */
    private static void awaitDay(LocalDate day, int shown, boolean more) {
        String state = "(function () { const b = document.getElementById('day-plays');"
                + " return [String(b.hidden), b.dataset.date, b.dataset.shown, String(document.getElementById('day-more').hidden),"
                + " String(document.querySelectorAll('#day-table tr').length - 1)].join(':'); })()";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(chromium.evaluate(state))
                .isEqualTo("false:" + day + ":" + shown + ":" + !more + ":" + shown));
    }

    @Test
    @Order(8)
    void clickingADaysBarListsItsPlaysFiftyAtATime() throws Exception {
        chromium.open(address);
        awaitShown(30, Long.toString(playsOver(30)), "plays");
        // 30 days from half a day before the first to half a day after today: today's bar is centred at 29.5 / 30
        String[] box = chromium.evaluate("(function () { const r = document.querySelector('#days-chart .u-over')"
                + ".getBoundingClientRect(); window.scrollTo(0, 0); return [r.left, r.top, r.width, r.height].join(':'); })()").split(":");
        double left = Double.parseDouble(box[0]);
        double top = Double.parseDouble(box[1]);
        double width = Double.parseDouble(box[2]);
        double height = Double.parseDouble(box[3]);
        AUDITED.clear();
        chromium.click(left + width * 29.5 / 30, top + height - 5);
        LocalDate today = LocalDate.now(ZONE);
        awaitDay(today, 50, true);
        assertThat(chromium.evaluate("Array.from(document.querySelectorAll('#day-table tr')[1].cells).map(c => c.textContent).join(';')"))
                .as("the first play: its time, short ids where the host names nothing, watched minutes")
                .isEqualTo("18:00;00000000;00000000;00000000;web;24;yes");
        chromium.screenshot(OUT.resolve("06-a-day.png"));

        choose("document.getElementById('day-more').click();");
        awaitDay(today, PLAYS_A_DAY, false);
        assertThat(chromium.evaluate("document.getElementById('day-title').textContent.replace(/[^a-z0-9 :()-]/gi, '')"))
                .isEqualTo("Plays of " + today + " (times in UTC): 60 plays");
        assertThat(AUDITED).as("each page of a day's plays is audited").containsExactly(today, today);
    }

    @Test
    @Order(9)
    void aDayIsReachedByKeyboardToo() throws Exception {
        LocalDate day = LocalDate.now(ZONE).minusDays(3);
        assertThat(chromium.evaluate("[document.getElementById('day-pick').tabIndex, document.getElementById('day-open').tabIndex,"
                + " document.getElementById('day-pick').options.length].join(':')")).isEqualTo("0:0:30");
        choose("document.getElementById('day-pick').value = '" + day + "'; document.getElementById('day-open').click();");
        awaitDay(day, 50, true);
    }

    /** Waits until the item view shows the item with its plays and users, and its chart drew its days. */
    private static void awaitItem(String item, int plays, int users) {
        String state = "(function () { const v = document.getElementById('item-view');"
                + " return [String(v.hidden), v.dataset.item, v.dataset.plays, v.dataset.users,"
                + " document.getElementById('item-chart').dataset.drawn].join(';'); })()";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(chromium.evaluate(state))
                .isEqualTo("false;" + item + ";" + plays + ";" + users + ";2"));
    }

    @Test
    @Order(10)
    void clickingAnItemsBarOpensItsViewAndEnterOpensAnother() throws Exception {
        String[] first = chromium.evaluate("(function () { const bar = document.querySelector('rect[data-item]');"
                + " bar.scrollIntoView({block: 'center'}); const r = bar.getBoundingClientRect();"
                + " return [r.left + r.width / 2, r.top + r.height / 2, bar.dataset.item].join(';'); })()").split(";");
        chromium.click(Double.parseDouble(first[0]), Double.parseDouble(first[1]));
        awaitItem(first[2], 8, 4);
        assertThat(chromium.evaluate("document.getElementById('item-summary').textContent.replace(/[^a-z0-9 ,.()%]/gi, '')"))
                .isEqualTo("8 plays by 4 users, 6 watched to the end (75 %), 4 watch hours over 30 days");
        chromium.screenshot(OUT.resolve("07-an-item.png"));

        String second = chromium.evaluate("(function () { const bar = document.querySelectorAll('rect[data-item]')[1];"
                + " bar.focus(); return bar === document.activeElement ? bar.dataset.item : 'not focused'; })()");
        chromium.pressEnter();
        awaitItem(second, 8, 4);
    }

    @Test
    void aBadDayPageOrItemIsRefusedByName() throws Exception {
        AnalyticsAdmin admin = mock(AnalyticsAdmin.class);
        Map<String, String> bad = Map.of("date", "yesterday");
        ConsoleRequests.Answer answer = ConsoleRequests.answer("day.json", bad::get, mock(AnalyticsService.class), admin,
                ShownNames.none(), ZONE, day -> { });
        assertThat(answer.status()).isEqualTo(400);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"field\":\"date\"").contains("yesterday");
        Map<String, String> half = Map.of("date", "2026-11-20", "after", "2026-11-20T18:00:00Z");
        answer = ConsoleRequests.answer("day.json", half::get, mock(AnalyticsService.class), admin, ShownNames.none(), ZONE, day -> { });
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"field\":\"afterUser\"");
        answer = ConsoleRequests.answer("day.json", Map.of("date", "2026-11-20")::get, mock(AnalyticsService.class), null,
                ShownNames.none(), ZONE, day -> { });
        assertThat(answer.status()).as("without the admin service").isEqualTo(404);
        Map<String, String> noItem = Map.of("libraryId", UUID.randomUUID().toString(), "mediaId", "the-best-film");
        answer = ConsoleRequests.answer("item.json", noItem::get, mock(AnalyticsService.class), admin, ShownNames.none(), ZONE, day -> { });
        assertThat(answer.status()).isEqualTo(400);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"field\":\"mediaId\"").contains("the-best-film");
    }
}
