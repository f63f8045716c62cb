package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.revenge.analytics.testing.Chromium;
import org.revenge.analytics.testing.TestPostgres;

/**
 * The admin surfaces in a stock Karaf 4.4.10 provisioned from our features file, with the demo's
 * weeks of history for figures: the web console's Analytics page behind Karaf's JAAS login, drawn
 * in headless Chromium (screenshot in {@code target/console-karaf/}), its recording switch, and the
 * {@code analytics:} commands over SSH. The switch test runs last, as it changes what the others read.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConsoleShellKarafIT {

    private static final Duration BOOT = Duration.ofSeconds(300);
    private static final Path OUT = Path.of("target", "console-karaf");
    private static final String PAGE = "/system/console/analytics";
    private static final String LOGIN = "Basic " + Base64.getEncoder().encodeToString(
            (StockKaraf.USER + ":" + StockKaraf.PASSWORD).getBytes(StandardCharsets.UTF_8));
    /** Counts each chart's marks that the browser drew with a size: "name.index=marks", joined by ";". */
    private static final String COUNT_DRAWN_MARKS = "Array.from(document.querySelectorAll('figure.chart')).map((f, i) => f.dataset.chart"
            + " + '.' + i + '=' + Array.from(f.querySelectorAll('.mark')).filter(m => { const r = m.getBoundingClientRect();"
            + " return r.width > 0 && r.height > 0; }).length).join(';')";

    /** Ports of its own, so that it never meets the other Karaf tests' Karafs or ./run's. */
    @ClassRule
    public static final StockKaraf karaf = new StockKaraf("console", new StockKaraf.Ports(28101, 21099, 24444, 28181, 28105));
    private static String jdbcUrl;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @BeforeClass
    public static void startKarafWithTheDemo() throws Exception {
        jdbcUrl = TestPostgres.freshDatabase("console");
        karaf.bootFeatures("revenge-analytics-admin", "revenge-analytics-demo");
        // written before the first boot: a feature's configfile leaves an existing file alone
        karaf.writeEtc("org.revenge.analytics.cfg", "jdbc.url = " + jdbcUrl + "\njdbc.user = \nenabled = true\n");
        karaf.start();
        // the demo's history: four weeks of plays and daily library scans
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(5)).ignoreExceptions().until(() ->
                Database.count(jdbcUrl, "SELECT count(DISTINCT started_at::date) FROM playback_events") >= 20
                        && Database.count(jdbcUrl, "SELECT count(DISTINCT day) FROM library_stats_daily") >= 20);
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> get(PAGE, LOGIN).statusCode() == 200);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(karaf.httpBase() + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(karaf.httpBase() + PAGE)).timeout(Duration.ofSeconds(60))
                .header("Authorization", LOGIN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void a_theConsoleAsksForTheKarafLogin() throws Exception {
        assertThat(get(PAGE, null).statusCode()).isEqualTo(401);
        String wrong = "Basic " + Base64.getEncoder().encodeToString("karaf:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(get(PAGE, wrong).statusCode()).isEqualTo(401);
        long started = System.nanoTime();
        HttpResponse<String> page = get(PAGE, LOGIN);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("The Analytics page came in " + millis + " ms");
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("page-served.html"), page.body());
        assertThat(page.statusCode()).isEqualTo(200);
        // inside the Web Console's frame, with its navigation, and our page
        assertThat(page.body()).contains("id=\"revenge-analytics\"").contains("data-chart=\"plays-by-day\"").contains("Analytics");
    }

    @Test
    public void b_everyChartIsDrawnWithTheDemosData() throws Exception {
        Map<String, Integer> drawn = new LinkedHashMap<>();
        try (Chromium chromium = new Chromium(OUT.resolve("chromium-profile"), 1400, 1000)) {
            chromium.setHeaders(Map.of("Authorization", LOGIN));
            long started = System.nanoTime();
            chromium.open(karaf.httpBase() + PAGE);
            System.out.println("Chromium loaded the Analytics page in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            Arrays.stream(chromium.evaluate(COUNT_DRAWN_MARKS).split(";")).filter(s -> !s.isEmpty()).map(s -> s.split("="))
                    .forEach(pair -> drawn.put(pair[0], Integer.parseInt(pair[1])));
            assertThat(chromium.evaluate("document.getElementById('recording-state').dataset.enabled")).isEqualTo("true");
            assertThat(chromium.evaluate("document.getElementById('card-plays-today').querySelector('.value').textContent"))
                    .matches("[\\d,]+");
            // with script, the interactive chart (uPlot, served by the bundle) replaces the server-drawn plays
            // per day, which stays for a browser without script: 30 days drawn, the SVG hidden
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(chromium.evaluate(
                    "document.getElementById('days-chart').dataset.drawn + ':' + document.querySelector("
                            + "'figure.chart[data-chart=\"plays-by-day\"]').hidden")).isEqualTo("30:true"));
            chromium.screenshot(OUT.resolve("console-page.png"));
        }
        drawn.keySet().removeIf(chart -> chart.startsWith("plays-by-day."));
        assertThat(drawn.keySet()).anyMatch(k -> k.startsWith("weekday-hour."))
                .anyMatch(k -> k.startsWith("client-types.")).anyMatch(k -> k.startsWith("library-growth."))
                .anyMatch(k -> k.startsWith("most-played.")).anyMatch(k -> k.startsWith("most-popular."));
        // the demo plays in all five libraries every day, so no chart may be empty
        assertThat(drawn).allSatisfy((chart, marks) -> assertThat(marks).as(chart).isPositive());
        assertThat(OUT.resolve("console-page.png")).isNotEmptyFile();
    }

    /**
     * The demo sends a play method with every start: the page's table of play methods over 30 days
     * shows what the raw plays of those days say, and its columns of the most plays at once show,
     * for each finished day, what a count at every start over the raw plays says (the daily check
     * stored them). The interactive chart's "most plays at once" shows the busiest of those days.
     * The demo keeps playing, so the page is read until the plays did not change while it was read.
     */
    @Test
    public void ba_thePlayMethodsAndTheMostPlaysAtOnceAreWhatThePlaysSay() throws Exception {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate today = LocalDate.now(zone);
        Instant from = today.minusDays(29).atStartOfDay(zone).toInstant();
        String methods = "SELECT CASE play_method::int4 WHEN 1 THEN 'direct-play' WHEN 2 THEN 'direct-stream' WHEN 3 THEN 'transcode'"
                + " ELSE 'unknown' END, count(*) FROM playback_events WHERE started_at >= '" + from + "' GROUP BY 1 ORDER BY 1";
        try (Chromium chromium = new Chromium(OUT.resolve("chromium-profile"), 1400, 1000)) {
            chromium.setHeaders(Map.of("Authorization", LOGIN));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                List<List<String>> before = Database.rows(jdbcUrl, methods);
                chromium.open(karaf.httpBase() + PAGE);
                String shown = chromium.evaluate("Array.from(document.querySelectorAll('#play-methods-table tr[data-method]'))"
                        + ".map(r => r.dataset.method + '=' + r.cells[1].textContent.replace(/,/g, '')).sort().join(';')");
                List<List<String>> after = Database.rows(jdbcUrl, methods);
                assertThat(after).as("the plays changed while the page was read").isEqualTo(before);
                assertThat(shown).isEqualTo(String.join(";", after.stream().map(row -> row.get(0) + "=" + row.get(1)).toList()));
            });
            String shown = chromium.evaluate("Array.from(document.querySelectorAll('#play-methods-table tr[data-method]'))"
                    + ".map(r => r.dataset.method).join(';')");
            assertThat(shown).as("the demo sends every method").contains("direct-play", "direct-stream", "transcode");

            Map<String, String> peaks = new LinkedHashMap<>();
            Arrays.stream(chromium.evaluate("Array.from(document.querySelectorAll('figure.chart[data-chart=\"peak-streams\"] .mark'))"
                    + ".map(m => m.querySelector('title').textContent.slice(0, 10) + '=' + m.dataset.value).join(';')").split(";"))
                    .filter(pair -> !pair.isEmpty()).map(pair -> pair.split("=")).forEach(pair -> peaks.put(pair[0], pair[1]));
            Map<String, String> counted = new LinkedHashMap<>();
            for (List<String> row : Database.rows(jdbcUrl, """
                    WITH p AS MATERIALIZED (
                        SELECT started_at AS s, CASE WHEN ended_sec IS NULL THEN least(now(), started_at + interval '1 day')
                                                     ELSE started_at + ended_sec * interval '1 second' END AS e
                          FROM playback_events WHERE started_at >= '%1$s'::timestamptz - interval '1 day'),
                    d AS (SELECT day::date AS day, day::date::timestamp AT TIME ZONE '%2$s' AS day_start,
                                 (day::date + 1)::timestamp AT TIME ZONE '%2$s' AS day_end
                            FROM generate_series('%3$s'::date, '%4$s'::date, interval '1 day') AS g(day)),
                    c AS (SELECT d.day, greatest(p.s, d.day_start) AS t FROM d JOIN p ON p.s < d.day_end AND p.e > d.day_start)
                    SELECT day, max((SELECT count(*) FROM p q WHERE q.s <= c.t AND q.e > c.t)) FROM c GROUP BY day ORDER BY day
                    """.formatted(from, zone.getId(), today.minusDays(29), today.minusDays(1)))) {
                counted.put(row.get(0), row.get(1));
            }
            peaks.remove(today.toString());
            assertThat(peaks).as("the finished days' most plays at once").isEqualTo(counted).isNotEmpty();
            assertThat(peaks.values().stream().mapToInt(Integer::parseInt).max().getAsInt()).as("the demo's plays overlap")
                    .isGreaterThan(1);

            // the radio's change event redraws the chart; evaluate wants a string back
            chromium.evaluate("document.querySelector('input[name=\"measure\"][value=\"peak\"]').click(); 'peak'");
            int busiest = peaks.values().stream().mapToInt(Integer::parseInt).max().getAsInt();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String summary = chromium.evaluate("var s = document.getElementById('days-summary'); "
                        + "s.dataset.measure + ':' + s.dataset.total + ':' + s.textContent");
                assertThat(summary).startsWith("peak:").contains("plays at once");
                assertThat(Integer.parseInt(summary.split(":")[1])).as("today's may be higher").isGreaterThanOrEqualTo(busiest);
            });
            chromium.screenshot(OUT.resolve("console-page-peaks.png"));
        }
        StockKaraf.Output status = karaf.shell("analytics:status");
        assertThat(status.out()).containsPattern("(?m)^  play methods, 7 days[\\s|]+\\S.*direct-play \\d+\\.\\d %")
                .containsPattern("(?m)^  most plays at once today[\\s|]+\\d");
    }

    @Test
    public void c_shellCommandsPrintTheirFiguresOverSsh() throws Exception {
        StockKaraf.Output status = karaf.shell("analytics:status");
        assertThat(status.out()).startsWith("Revenge Analytics, ").containsPattern("(?m)^  recording[\\s|]+enabled\\s*$")
                .containsPattern("(?m)^  plays, 7 days[\\s|]+[1-9][\\d,]*\\s*$").contains("Jobs");

        String library = Database.text(jdbcUrl, "SELECT library_id::text FROM playback_events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
        StockKaraf.Output top = karaf.shell("analytics:top --library " + library + " --limit 3");
        // the demo names its libraries and items (CatalogueNames), so the library's name comes first, its id beside it
        assertThat(top.out()).startsWith("Library ").contains(" (" + library + "): most played, last 7 days")
                .containsPattern("(?m)^\\s*1 \\| \\S").containsPattern("(?m)^\\s*3 \\| \\S");
        // Karaf's ShellTable, plain for scripts: tab-separated cells, no padding
        assertThat(karaf.shell("analytics:top --library " + library + " --limit 3 --no-format").out())
                .containsPattern("(?m)^1\t\\S[^\t]*\t");
        assertThat(karaf.shell("analytics:top --limit 2").out().lines().filter(l -> l.startsWith("Library "))).hasSize(5);

        String user = Database.text(jdbcUrl, "SELECT user_id::text FROM playback_events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
        StockKaraf.Output userOut = karaf.shell("analytics:user --period 7d " + user);
        assertThat(userOut.out()).startsWith("User ").contains(user).contains(", last 7 days").contains("Recently watched").contains("Latest plays");
        StockKaraf.Output libraries = karaf.shell("analytics:library");
        assertThat(libraries.out()).contains(library);
        StockKaraf.Output jobs = karaf.shell("analytics:jobs");
        assertThat(jobs.out()).contains("Job kinds: ").contains("Latest runs");
        // kept for a reader: what an admin sees
        Files.writeString(OUT.resolve("shell-output.txt"), String.join("\n", "karaf@root()> analytics:status", status.out(),
                "karaf@root()> analytics:top --library " + library + " --limit 3", top.out(),
                "karaf@root()> analytics:user " + user + " --period 7d", userOut.out(),
                "karaf@root()> analytics:library", libraries.out(), "karaf@root()> analytics:jobs", jobs.out()));

        Path export = OUT.resolve("export.csv").toAbsolutePath();
        Files.deleteIfExists(export);
        String from = LocalDate.now().minusDays(3).toString();
        StockKaraf.Output exported = karaf.shell("analytics:export --format csv --from " + from + " " + export);
        assertThat(exported.out()).contains("Exporting plays from " + from).containsPattern("Exported [\\d,]+ plays");
        assertThat(Files.readString(export)).contains(user);

        StockKaraf.Output bad = karaf.shell("analytics:top --limit lots");
        assertThat(bad.all()).contains("analytics:top: --limit must be a whole number from 1 to 1000, not 'lots'");
        // a user's mistake, not a failure: Karaf logs it at debug, with no ERROR and stack trace
        assertThat(karaf.log()).doesNotContain("Exception caught while executing command");
        // Karaf's own help for an action: its description, arguments and options
        assertThat(karaf.shell("analytics:forget-user --help").out()).contains("analytics:forget-user", "USER-ID", "--force",
                "erases everything stored about a user");
        // Karaf's own "help analytics:top" runs the command with --help, but prints only to an interactive terminal

        await().atMost(Duration.ofSeconds(30)).until(() -> karaf.log().contains("read the analytics of user " + user));
    }

    @Test
    public void d_forgetUserErasesAUserAfterForce() throws Exception {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        long stopped = Instant.now().toEpochMilli();
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(5)).until(() -> {
            karaf.shell("event:send org/revenge/playback/STARTED session.id=" + session + " user.id=" + user + " media.id="
                    + UUID.randomUUID() + " library.id=" + UUID.randomUUID() + " media.type=episode client.type=karaf-shell"
                    + " position.sec=0 runtime.sec=1000 timestamp=" + (stopped - 900_000));
            karaf.shell("event:send org/revenge/playback/STOPPED session.id=" + session + " position.sec=950 timestamp=" + stopped);
            return Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'") == 1;
        });
        assertThat(karaf.shell("analytics:forget-user " + user).out()).contains("would erase everything stored about user " + user);
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isEqualTo(1);
        assertThat(karaf.shell("analytics:forget-user --force " + user).out()).startsWith("Erased user " + user);
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> karaf.log().contains("erased user " + user));
    }

    @Test
    public void da_theQuarantineThroughTheShellAndTheWebConsolesHealthTab() throws Exception {
        // two records the writer set aside (as it does when the database refuses a row): a play,
        // stored once it is re-driven, and a scan that is discarded
        UUID user = UUID.randomUUID();
        Instant started = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String play = "{\"id\": \"" + UUID.randomUUID() + "\", \"userId\": \"" + user + "\", \"mediaId\": \"" + UUID.randomUUID()
                + "\", \"libraryId\": \"" + UUID.randomUUID() + "\", \"mediaType\": \"MOVIE\", \"startedAt\": \"" + started
                + "\", \"endedAt\": \"" + started.plusSeconds(1200) + "\", \"durationSec\": 1200, \"completed\": false, "
                + "\"clientType\": \"web\"}";
        String scan = "{\"libraryId\": \"" + UUID.randomUUID() + "\", \"totalItems\": 10, \"totalSizeBytes\": 1000, "
                + "\"missingMetadata\": 0, \"orphanedFiles\": 0, \"addedItems\": 1, \"scannedAt\": \"" + started + "\"}";
        Database.update(jdbcUrl, "INSERT INTO ingest_quarantine (kind, content, reason, quarantined_at) VALUES "
                + "('play', '" + play + "', 'play: refused by the database (SQLState 57014): canceling statement', now()), "
                + "('scan', '" + scan + "', 'scan: refused by the database (SQLState 22003): bigint out of range', now())");
        List<List<String>> ids = Database.rows(jdbcUrl, "SELECT id FROM ingest_quarantine ORDER BY id");
        String playEntry = ids.get(0).get(0);
        String scanEntry = ids.get(1).get(0);

        // the web console's Health Check tab shows the plugin's checks, the quarantine's a warning
        String healthTab = karaf.httpBase() + "/system/console/healthcheck?tags=analytics&forceInstantExecution=true";
        try (Chromium chromium = new Chromium(OUT.resolve("chromium-profile-health"), 1400, 1000)) {
            chromium.setHeaders(Map.of("Authorization", LOGIN));
            chromium.open(healthTab);
            // the page's text, URI-encoded so that no JSON escape stands in the browser's answer
            String shown = java.net.URLDecoder.decode(chromium.evaluate("encodeURIComponent(document.body.innerText)"),
                    StandardCharsets.UTF_8);
            Files.writeString(OUT.resolve("health-tab.txt"), shown);
            chromium.screenshot(OUT.resolve("health-tab.png"));
            assertThat(shown).contains("Revenge Analytics database", "Revenge Analytics ingest", "Revenge Analytics jobs",
                    "Revenge Analytics recording", "Revenge Analytics quarantine", "2 records are in quarantine",
                    "Entry " + scanEntry + " (scan", "bigint out of range");
        }

        // the shell lists them, with Karaf's help for the action, and refuses a bad id naming it
        assertThat(karaf.shell("analytics:quarantine --help").out()).contains("ACTION", "ID", "--limit", "redrive", "discard");
        String listed = karaf.shell("analytics:quarantine").out();
        assertThat(listed).contains("2 records in quarantine", playEntry, scanEntry, "SQLState 57014", "SQLState 22003");
        assertThat(karaf.shell("analytics:quarantine redrive twelve").all())
                .contains("ID: must be a quarantine entry's id (a whole number), was 'twelve'");

        assertThat(karaf.shell("analytics:quarantine redrive " + playEntry).out()).contains("Record " + playEntry + " is handed back");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'") == 1
                        && Database.count(jdbcUrl, "SELECT count(*) FROM ingest_quarantine") == 1);
        assertThat(karaf.shell("analytics:quarantine discard " + scanEntry).out()).contains("Record " + scanEntry + " is discarded");
        assertThat(karaf.shell("analytics:quarantine").out()).contains("The quarantine is empty");
        assertThat(karaf.shell("analytics:quarantine discard " + scanEntry).all())
                .contains("ID: no quarantined record has the id " + scanEntry);
        await().atMost(Duration.ofSeconds(30)).until(() -> karaf.log().contains("discarded quarantined record " + scanEntry));

        // and the health tab is well again
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/system/console/healthcheck?tags=analytics&forceInstantExecution=true",
                LOGIN).body().contains("The quarantine is empty"));
    }

    @Test
    public void e_theRecordingSwitchNeedsTheTokenAndSaysWhereItStands() throws Exception {
        String page = get(PAGE, LOGIN).body();
        Matcher token = Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).isTrue();
        assertThat(post("action=disable", null).statusCode()).isEqualTo(403);
        assertThat(post("action=disable&token=forged", null).statusCode()).isEqualTo(403);
        assertThat(post("action=disable&token=" + token.group(1), "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(karaf.shell("analytics:status").out()).containsPattern("(?m)^  recording[\\s|]+enabled\\s*$");

        HttpResponse<String> disabled = post("action=disable&token=" + token.group(1), karaf.httpBase());
        assertThat(disabled.statusCode()).isEqualTo(303);
        assertThat(disabled.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(PAGE + "?done=disabled"));
        assertThat(get(PAGE + "?done=disabled", LOGIN).body()).contains("Recording is <strong>DISABLED</strong>")
                .contains("Recording was switched off.");
        await().atMost(Duration.ofSeconds(30)).until(() -> karaf.shell("analytics:status").out().contains("DISABLED"));

        assertThat(karaf.shell("analytics:enable").out()).isEqualTo("Recording is now enabled (was disabled).\n");
        assertThat(get(PAGE, LOGIN).body()).contains("Recording is <strong>ENABLED</strong>");
    }
}
