package org.revenge.analytics.internal.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.DailyActivity;
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
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                serve(exchange, analytics);
            } finally {
                exchange.close();
            }
        });
        server.start();
        address = "http://127.0.0.1:" + server.getAddress().getPort() + PAGE;
        chromium = new Chromium(OUT.resolve("profile"), 1280, 1000);
    }

    private static void serve(HttpExchange exchange, AnalyticsService analytics) throws IOException {
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
            ConsoleRequests.Answer answer = ConsoleRequests.answer(below, query::get, analytics, ShownNames.none(), ZONE);
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
}
