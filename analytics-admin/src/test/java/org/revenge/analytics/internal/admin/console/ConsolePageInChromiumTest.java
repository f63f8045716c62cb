package org.revenge.analytics.internal.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.revenge.analytics.testing.Chromium;

/**
 * The page as a browser shows it: rendered into a file with the Web Console's frame left out,
 * opened in headless Chromium, every chart's marks counted where the browser laid them out, and a
 * screenshot kept in {@code target/console-page/}.
 */
class ConsolePageInChromiumTest {

    /** Counts each chart's marks that the browser drew with a size: "name=marks" pairs, joined by ";". */
    static final String COUNT_DRAWN_MARKS = "Array.from(document.querySelectorAll('figure.chart')).map((f, i) => f.dataset.chart + '.' + i"
            + " + '=' + Array.from(f.querySelectorAll('.mark')).filter(m => { const r = m.getBoundingClientRect();"
            + " return r.width > 0 && r.height > 0; }).length).join(';')";

    private static final Path OUT = Path.of("target", "console-page");
    private static Chromium chromium;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = new Chromium(OUT.resolve("profile"), 1280, 1000);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void everyChartIsDrawnWithDataWhenThereIsData() throws Exception {
        Map<String, Integer> drawn = open(Dashboards.full(), "full");
        // by day, most plays at once by day, weekday and hour, clients, play methods, growth; most played and popular
        // of two libraries; heap and database
        assertThat(drawn).hasSize(6 + 2 * 2 + 2);
        assertThat(drawn).allSatisfy((chart, marks) -> assertThat(marks).as(chart).isPositive());
        assertThat(drawn.get("server-heap.10")).as("a day of hours, average and peak").isEqualTo(48);
        assertThat(drawn.get("plays-by-day.0")).isEqualTo(30);
        assertThat(drawn.get("peak-streams.1")).isEqualTo(30);
        assertThat(drawn.get("weekday-hour.2")).isEqualTo(49);
        assertThat(drawn.get("play-methods.4")).isEqualTo(3);
        assertThat(chromium.evaluate("Array.from(document.querySelectorAll('#play-methods-table tr[data-method]'))"
                + ".map(r => Array.from(r.cells).map(c => c.textContent).join('|')).join(';')"))
                .isEqualTo("direct-play|300|65.2 %|138.9|72.5 %;transcode|100|21.7 %|41.7|21.7 %;unknown|60|13.0 %|11.1|5.8 %");
        assertThat(chromium.evaluate("document.querySelector('figure.chart[data-chart=\"peak-streams\"] .mark title').textContent"))
                .isEqualTo("2026-10-26: at most 2 plays at once, first at 2026-10-26 20:29");
        assertThat(chromium.evaluate("document.getElementById('recording-state').dataset.enabled")).isEqualTo("true");
        chromium.screenshot(OUT.resolve("console-page-full.png"));
        // the bars are really painted in their colour, not just present in the document
        assertThat(pixelsOf(OUT.resolve("console-page-full.png"), 0x3b7dd8)).isGreaterThan(1000);
    }

    @Test
    void noChartClaimsDataWhenThereIsNone() throws Exception {
        Map<String, Integer> drawn = open(Dashboards.empty(), "empty");
        assertThat(drawn).isNotEmpty().allSatisfy((chart, marks) -> assertThat(marks).as(chart).isZero());
        chromium.screenshot(OUT.resolve("console-page-empty.png"));
        assertThat(pixelsOf(OUT.resolve("console-page-empty.png"), 0x3b7dd8)).isZero();
    }

    private static Map<String, Integer> open(Dashboard dashboard, String name) throws IOException {
        Path page = OUT.resolve("console-page-" + name + ".html").toAbsolutePath();
        Files.createDirectories(OUT);
        Files.writeString(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Analytics</title></head><body>"
                + ConsolePage.render(dashboard, ZoneOffset.UTC, "/system/console/analytics", "token", null) + "</body></html>",
                StandardCharsets.UTF_8);
        chromium.open(page.toUri().toString());
        Map<String, Integer> drawn = new LinkedHashMap<>();
        Arrays.stream(chromium.evaluate(COUNT_DRAWN_MARKS).split(";")).filter(s -> !s.isEmpty()).map(s -> s.split("="))
                .forEach(pair -> drawn.put(pair[0], Integer.parseInt(pair[1])));
        return drawn;
    }

    static long pixelsOf(Path png, int rgb) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
