package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.revenge.analytics.testing.Chromium;
import org.revenge.analytics.testing.TestPostgres;

/**
 * The household page as the people of a household use it, in a stock Karaf 4.4.10 with the demo's
 * weeks of history (no live plays, so the figures hold still): headless Chromium signs in with
 * Karaf's JAAS logins as plain users (logins named by their user ids, role viewer) and as the
 * admin, reads the figures, walks the history, downloads the exports, opts out and back in, and
 * erases a user after typing the confirmation. Screenshots in {@code target/household-karaf/}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HouseholdPageKarafIT {

    private static final Path OUT = Path.of("target", "household-karaf");
    private static final String PAGE = "/analytics/";
    private static final UUID ALICE = demoUser("alice");
    private static final UUID BRUNO = demoUser("bruno");
    private static final UUID CHLOE = demoUser("chloe");
    private static final String ADMIN_LOGIN = basic(StockKaraf.USER, StockKaraf.PASSWORD);
    private static final Duration BOOT = StockKaraf.BOOT;
    /** The demo's libraries, as its catalogue names them (CatalogueNames), by their ids. */
    private static final List<String> LIBRARIES = List.of("Movies", "TV Shows", "Music", "Audiobooks", "Home Videos");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /** Ports of its own, so that it never meets the other Karaf tests' Karafs or ./run's. */
    @ClassRule
    public static final StockKaraf karaf = new StockKaraf("household", new StockKaraf.Ports(28131, 21129, 24474, 28211, 28135));

    private static String jdbcUrl;

    @BeforeClass
    public static void startKarafWithTheDemosHistory() throws Exception {
        jdbcUrl = TestPostgres.freshDatabase("household");
        karaf.bootFeatures("revenge-analytics-admin", "revenge-analytics-demo");
        karaf.writeEtc("org.revenge.analytics.cfg", "jdbc.url = " + jdbcUrl + "\njdbc.user = \nenabled = true\n");
        karaf.writeEtc("org.revenge.analytics.demo.cfg", "sessions.per.minute = 0\nbad.events.per.hour = 0\nbackfill.days = 28\n");
        // the household's logins: each is the user's id, as a host creates them
        Files.writeString(karaf.home().resolve("etc/users.properties"), "\n" + ALICE + " = alice-secret,viewer\n" + BRUNO
                + " = bruno-secret,viewer\n" + CHLOE + " = chloe-secret,viewer\n", StandardOpenOption.APPEND);
        karaf.start();
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(5)).ignoreExceptions().until(() ->
                Database.count(jdbcUrl, "SELECT count(DISTINCT started_at::date) FROM playback_events") >= 20
                        && plays(ALICE) > 30 && plays(BRUNO) > 0 && plays(CHLOE) > 0);
        // the backfill is over once no session is open and the count holds still: with no new live
        // sessions the figures then stay put. The backfill's last sessions may still be playing when it
        // ends ("plays live now"); each becomes a play only at its stop, seconds later
        long[] last = {-1};
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(10)).until(() -> {
            long now = Database.count(jdbcUrl, "SELECT count(*) FROM playback_events");
            boolean still = now == last[0]
                    && Database.count(jdbcUrl, "SELECT count(*) FROM playback_sessions WHERE closed_at IS NULL") == 0;
            last[0] = now;
            return still;
        });
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> get(PAGE, alice()).statusCode() == 200);
        Files.createDirectories(OUT);
    }

    @Test
    public void a_aPlainUserSeesTheirOwnFiguresAndNoOnesElse() throws Exception {
        assertThat(get(PAGE, null).statusCode()).isEqualTo(401);
        assertThat(get(PAGE, basic(ALICE.toString(), "guess")).statusCode()).isEqualTo(401);
        // another's page, and the JSON behind it, are refused
        assertThat(get("/analytics/users/" + BRUNO, alice()).statusCode()).isEqualTo(403);
        assertThat(get("/analytics/api/v1/users/" + BRUNO + "/page", alice()).statusCode()).isEqualTo(403);
        assertThat(get("/analytics/api/v1/users/" + BRUNO + "/plays", alice()).statusCode()).isEqualTo(403);
        // the page asks for nothing outside the bundle
        String shell = get(PAGE, alice()).body();
        assertThat(shell).doesNotContain("http://").doesNotContain("https://");

        try (Chromium chromium = new Chromium(OUT.resolve("profile-alice"), 1280, 1000)) {
            chromium.setHeaders(Map.of("Authorization", alice()));
            chromium.open(karaf.httpBase() + PAGE + "?period=all");
            choosePeriod(chromium, "all");
            long shown = Long.parseLong(chromium.evaluate("document.querySelector('#card-plays .value').textContent"));
            assertThat(shown).isEqualTo(plays(ALICE)).isLessThan(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events"));
            assertThat(chromium.evaluate("String(document.querySelectorAll('#most-watched tr.item').length)")).isEqualTo("10");
            // the host's names (the demo's catalogue), not short ids: titles, library names, and the library filter
            assertThat(chromium.evaluate("String(document.querySelectorAll('#most-watched tr.item td:first-child span.name').length)"))
                    .isEqualTo("10");
            assertThat(namesShown(chromium, "#most-watched tr.item td:nth-child(2) span")).isEqualTo("ok");
            assertThat(chromium.evaluate("Array.from(document.querySelectorAll('#history-library option')).slice(1)"
                    + ".map(o => o.textContent === " + libraryNamesById() + "[o.value] ? '' : o.value).join('') || 'ok'")).isEqualTo("ok");
            assertThat(Integer.parseInt(chromium.evaluate("String(document.querySelectorAll('#heat td.mark').length)"))).isPositive();
            assertThat(Integer.parseInt(chromium.evaluate("String(document.querySelectorAll('#clients .fill').length)"))).isPositive();
            assertThat(chromium.evaluate("document.getElementById('login').textContent")).isEqualTo(ALICE.toString());
            chromium.screenshot(OUT.resolve("household-alice.png"));
        }
    }

    @Test
    public void b_theHistoryIsWalkedPageByPageAndFilteredByLibrary() throws Exception {
        try (Chromium chromium = new Chromium(OUT.resolve("profile-history"), 1280, 1000)) {
            chromium.setHeaders(Map.of("Authorization", alice()));
            chromium.open(karaf.httpBase() + PAGE);
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(chromium.evaluate("document.body.dataset.history || ''")));
            String first = chromium.evaluate("document.querySelector('#history tr.play td').textContent");
            assertThat(chromium.evaluate("String(document.querySelectorAll('#history tr.play').length)")).isEqualTo("25");
            // every item by its title, every library by the name of the library whose id it carries
            assertThat(chromium.evaluate("String(document.querySelectorAll('#history tr.play td:nth-child(2) span.name').length)"))
                    .isEqualTo("25");
            assertThat(namesShown(chromium, "#history tr.play td:nth-child(3) span")).isEqualTo("ok");
            chromium.evaluate("document.getElementById('history-older').click(); 'ok'");
            await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(chromium.evaluate("document.body.dataset.history")));
            assertThat(chromium.evaluate("document.querySelector('#history tr.play td').textContent")).isNotEqualTo(first);
            chromium.evaluate("document.getElementById('history-newer').click(); 'ok'");
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(chromium.evaluate("document.body.dataset.history")));
            assertThat(chromium.evaluate("document.querySelector('#history tr.play td').textContent")).isEqualTo(first);
            // one library she played in (the first row's): every row names it
            String library = chromium.evaluate("document.querySelector('#history tr.play td:nth-child(3) span').title");
            chromium.evaluate("(() => { const s = document.getElementById('history-library'); s.value = '" + library + "'; "
                    + "document.body.dataset.history = ''; document.querySelector('#history-filter button').click(); return s.value; })()");
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(chromium.evaluate("document.body.dataset.history")));
            assertThat(chromium.evaluate("String(document.querySelectorAll('#history tr.play').length)")).isNotEqualTo("0");
            assertThat(chromium.evaluate("Array.from(new Set(Array.from(document.querySelectorAll('#history tr.play td:nth-child(3) span'))"
                    + ".map(s => s.title))).join(',')")).isEqualTo(library);
            chromium.screenshot(OUT.resolve("household-history.png"));
        }
    }

    @Test
    public void c_theExportsDownloadTheUsersOwnData() throws Exception {
        try (Chromium chromium = new Chromium(OUT.resolve("profile-export"), 1280, 1000)) {
            chromium.setHeaders(Map.of("Authorization", alice()));
            chromium.open(karaf.httpBase() + PAGE);
            String csvLines = chromium.evaluate("(() => { const x = new XMLHttpRequest(); x.open('GET', document.getElementById('export-csv').href, false);"
                    + " x.send(); const lines = x.responseText.trim().split('\\n'); return String(lines.length - 1) + ':' + "
                    + "String(lines.slice(1).every(l => l.startsWith('" + ALICE + "'))); })()");
            assertThat(csvLines).isEqualTo(plays(ALICE) + ":true");
            String json = chromium.evaluate("(() => { const y = new XMLHttpRequest(); y.open('GET', document.getElementById('export-json').href, false);"
                    + " y.send(); const d = JSON.parse(y.responseText); return d.userId + ':' + d.plays.length; })()");
            assertThat(json).isEqualTo(ALICE + ":" + plays(ALICE));
        }
    }

    @Test
    public void d_aUserOptsOutAndBackIn() throws Exception {
        try (Chromium chromium = new Chromium(OUT.resolve("profile-opt"), 1280, 1000)) {
            chromium.setHeaders(Map.of("Authorization", alice()));
            chromium.open(karaf.httpBase() + PAGE);
            await().atMost(Duration.ofSeconds(30)).until(() -> "false".equals(chromium.evaluate(
                    "document.getElementById('recording-state').dataset.optedOut || ''")));
            chromium.evaluate("document.getElementById('opt-out').click(); 'ok'");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "true".equals(chromium.evaluate(
                    "document.getElementById('recording-state').dataset.optedOut || ''")));
            assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM user_opt_out WHERE user_id = '" + ALICE + "'")).isEqualTo(1);
            assertThat(chromium.evaluate("document.getElementById('flash').textContent")).startsWith("Recording stopped");
            chromium.screenshot(OUT.resolve("household-opted-out.png"));
            chromium.evaluate("document.getElementById('opt-in').click(); 'ok'");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "false".equals(chromium.evaluate(
                    "document.getElementById('recording-state').dataset.optedOut || ''")));
            assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM user_opt_out WHERE user_id = '" + ALICE + "'")).isZero();
        }
        assertThat(karaf.log()).contains("opt user out by '" + ALICE + "' user=" + ALICE).contains("via page");
    }

    @Test
    public void da_aUserKeepsTheirYearAndTheAdminSeesTheServers() throws Exception {
        int year = java.time.LocalDate.now().getYear();
        try (Chromium chromium = new Chromium(OUT.resolve("profile-year"), 1280, 1000)) {
            chromium.setHeaders(Map.of("Authorization", alice()));
            chromium.open(karaf.httpBase() + PAGE);
            await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(year).equals(chromium.evaluate("document.body.dataset.year || ''")));
            // (the sentence quotes "Keep my year", which Chromium.evaluate cannot hand back: asked in the page)
            assertThat(chromium.evaluate("String(document.getElementById('year-mine').textContent.includes('is not kept'))"))
                    .isEqualTo("true");
            chromium.evaluate("document.getElementById('keep-year').click(); 'ok'");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> "true".equals(chromium.evaluate(
                    "document.getElementById('keep-state').dataset.keepYear || ''")));
            await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(year).equals(chromium.evaluate("document.body.dataset.year || ''")));
            // the demo's history is the last four weeks, all of it this year
            assertThat(chromium.evaluate("document.querySelector('#year-mine dd').textContent")).isEqualTo(String.valueOf(plays(ALICE)));
            assertThat(Integer.parseInt(chromium.evaluate("String(document.querySelectorAll('#year-mine tr.top').length)"))).isPositive();
            assertThat(chromium.evaluate("String(Array.from(document.querySelectorAll('#year-mine tr.top td:first-child span'))"
                    + ".every(s => s.className === 'name'))")).isEqualTo("true");
            assertThat(namesShown(chromium, "#year-mine tr.top td:nth-child(2) span")).isEqualTo("ok");
            assertThat(chromium.evaluate("document.getElementById('year-server').textContent")).contains("for its admins");
            chromium.screenshot(OUT.resolve("household-year-alice.png"));
        }
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM user_year_keep WHERE user_id = '" + ALICE + "'")).isEqualTo(1);
        try (Chromium chromium = new Chromium(OUT.resolve("profile-year-admin"), 1280, 1000)) {
            chromium.setHeaders(Map.of("Authorization", ADMIN_LOGIN));
            chromium.open(karaf.httpBase() + "/analytics/users/" + BRUNO);
            await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(year).equals(chromium.evaluate("document.body.dataset.year || ''")));
            assertThat(chromium.evaluate("document.querySelector('#year-server dd').textContent"))
                    .isEqualTo(String.valueOf(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events")));
            chromium.screenshot(OUT.resolve("household-year-admin.png"));
        }
    }

    @Test
    public void e_aPostFromAnotherSiteOrWithoutTokenIsRefused() throws Exception {
        String form = "action=opt-out&user=" + ALICE + "&token=forged";
        assertThat(post(form, alice(), null).statusCode()).isEqualTo(403);
        String token = tokenOf(alice());
        String good = "action=opt-out&user=" + ALICE + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        assertThat(post(good, alice(), "http://evil.example").statusCode()).isEqualTo(403);
        // a plain user may not act for another
        String forBruno = "action=opt-out&user=" + BRUNO + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        assertThat(post(forBruno, alice(), null).statusCode()).isEqualTo(403);
        // the erasure needs the typed word
        String eraseUnconfirmed = "action=erase&user=" + ALICE + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        assertThat(post(eraseUnconfirmed, alice(), null).statusCode()).isEqualTo(400);
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM user_opt_out")).isZero();
        assertThat(plays(ALICE)).isPositive();
        // the JSON behind another's year is refused too
        assertThat(get("/analytics/api/v1/users/" + BRUNO + "/year-in-review/2026", alice()).statusCode()).isEqualTo(403);
        assertThat(get("/analytics/api/v1/year-in-review/2026", alice()).statusCode()).isEqualTo(403);
    }

    @Test
    public void f_anAdminOpensAUsersPageAndErasesThemAfterConfirming() throws Exception {
        assertThat(get(PAGE, ADMIN_LOGIN).statusCode()).as("the admin login stands for no user").isEqualTo(404);
        long before = plays(CHLOE);
        assertThat(before).isPositive();
        try (Chromium chromium = new Chromium(OUT.resolve("profile-admin"), 1280, 1000)) {
            chromium.setHeaders(Map.of("Authorization", ADMIN_LOGIN));
            chromium.open(karaf.httpBase() + "/analytics/users/" + CHLOE);
            choosePeriod(chromium, "all");
            assertThat(Long.parseLong(chromium.evaluate("document.querySelector('#card-plays .value').textContent"))).isEqualTo(before);
            // the demo names its users: the admin sees whose page it is
            assertThat(chromium.evaluate("String(document.querySelector('h1').textContent.startsWith('The figures of Chloe ('))"))
                    .isEqualTo("true");
            chromium.evaluate("document.getElementById('erase').open = true; 'ok'");
            chromium.screenshot(OUT.resolve("household-admin-erase.png"));
            chromium.evaluate("document.getElementById('erase-confirm').value = 'erase'; document.getElementById('erase-button').click(); 'ok'");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> chromium.evaluate(
                    "document.getElementById('flash').textContent").startsWith("Everything stored about this user was erased"));
            assertThat(plays(CHLOE)).isZero();
            choosePeriod(chromium, "all");
            assertThat(chromium.evaluate("document.querySelector('#card-plays .value').textContent")).isEqualTo("0");
        }
        assertThat(karaf.log()).contains("erase user by 'karaf' (admin) user=" + CHLOE);
    }

    @Test
    public void g_thePageFitsAPhone() throws Exception {
        try (Chromium chromium = new Chromium(OUT.resolve("profile-phone"), 390, 844)) {
            // a headless window is at least 500 px wide whatever --window-size says: lay the page out as a phone does
            chromium.resize(390, 844);
            chromium.setHeaders(Map.of("Authorization", basic(BRUNO.toString(), "bruno-secret")));
            chromium.open(karaf.httpBase() + PAGE);
            await().atMost(Duration.ofSeconds(30)).until(() -> "page".equals(chromium.evaluate("document.body.dataset.loaded || ''")));
            assertThat(chromium.evaluate("String(window.innerWidth)")).isEqualTo("390");
            assertThat(chromium.evaluate("String(document.querySelectorAll('#heat td.mark').length > 0)")).isEqualTo("true");
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(chromium.evaluate("document.body.dataset.history || ''")));
            assertThat(Integer.parseInt(chromium.evaluate("String(document.querySelectorAll('#history tr.play').length)"))).isPositive();
            // nothing wider than the screen: the document does not scroll sideways
            assertThat(Integer.parseInt(chromium.evaluate("String(document.documentElement.scrollWidth)"))).isLessThanOrEqualTo(390);
            assertThat(Integer.parseInt(chromium.evaluate("String(document.body.scrollWidth)"))).isLessThanOrEqualTo(390);
            // and nothing is drawn past its edge, not even inside the boxes that could scroll on their own (the most
            // watched list, the heat map, the history): none of them has anything to scroll
            assertThat(chromium.evaluate("Array.from(document.querySelectorAll('body *')).filter(e => { const r = e.getBoundingClientRect();"
                    + " return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5); })"
                    + ".map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ') || 'none'")).isEqualTo("none");
            assertThat(chromium.evaluate("Array.from(document.querySelectorAll('.scroll')).filter(box => box.scrollWidth > box.clientWidth)"
                    + ".map(box => box.firstElementChild.id).join(' ') || 'none'")).isEqualTo("none");
            // the history stacks its cells: every cell, the library's among them, lies within the screen and its
            // box has nothing to scroll
            assertThat(chromium.evaluate("Array.from(document.querySelectorAll('#history tr.play td')).filter(td => {"
                    + " const r = td.getBoundingClientRect(); return r.left < -0.5 || r.right > window.innerWidth + 0.5; }).length"
                    + " + ' cells outside, ' + Array.from(document.querySelectorAll('#history tr.play td:nth-child(3) span'))"
                    + ".filter(s => s.getBoundingClientRect().right > window.innerWidth + 0.5).length + ' libraries outside'"))
                    .isEqualTo("0 cells outside, 0 libraries outside");
            assertThat(chromium.evaluate("(() => { const box = document.getElementById('history').parentElement;"
                    + " return String(box.scrollWidth <= box.clientWidth); })()")).isEqualTo("true");
            chromium.screenshot(OUT.resolve("household-phone-390.png"));
        }
    }

    /**
     * Whether every library cell matched shows the demo's name of the library whose id it carries
     * (its tooltip): "ok", or the ids shown otherwise.
     */
    private static String namesShown(Chromium chromium, String selector) throws Exception {
        return chromium.evaluate("(() => { const names = " + libraryNamesById() + "; const cells = Array.from(document.querySelectorAll('"
                + selector + "')); return cells.length === 0 ? 'none' : cells.filter(s => names[s.title] !== s.textContent)"
                + ".map(s => s.title).join(',') || 'ok'; })()");
    }

    /** The demo's library names by id, as a JavaScript object literal. */
    private static String libraryNamesById() {
        StringBuilder map = new StringBuilder("({");
        LIBRARIES.forEach(name -> map.append('\'').append(demoId("library/" + name)).append("': '").append(name).append("',"));
        return map.append("})").toString();
    }

    /** Picks a period and waits until the page has drawn it. */
    private static void choosePeriod(Chromium chromium, String period) throws Exception {
        awaitLoaded(chromium);
        chromium.evaluate("(() => { document.body.dataset.loaded = ''; const p = document.getElementById('period'); p.value = '"
                + period + "'; p.dispatchEvent(new Event('change')); return 'ok'; })()");
        assertThat(awaitLoaded(chromium)).isEqualTo("page");
    }

    private static String awaitLoaded(Chromium chromium) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> chromium.evaluate("document.body.dataset.loaded || ''"), value -> !value.isEmpty());
    }

    /** The form token on the user's page. */
    private static String tokenOf(String authorization) throws Exception {
        String page = get(PAGE, authorization).body();
        int at = page.indexOf("name=\"token\" value=\"") + "name=\"token\" value=\"".length();
        return page.substring(at, page.indexOf('"', at));
    }

    private static long plays(UUID user) {
        return Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
    }

    private static String alice() {
        return basic(ALICE.toString(), "alice-secret");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The demo's user ids: a name's UUID, as its catalogue makes them. */
    private static UUID demoUser(String name) {
        return demoId("user/" + name);
    }

    /** An id of the demo's catalogue: a name's UUID. */
    private static UUID demoId(String name) {
        return UUID.nameUUIDFromBytes(("revenge-demo/" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(karaf.httpBase() + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String form, String authorization, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(karaf.httpBase() + "/analytics/actions"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
