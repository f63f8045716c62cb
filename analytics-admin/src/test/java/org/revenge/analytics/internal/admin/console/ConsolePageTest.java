package org.revenge.analytics.internal.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsNames;

class ConsolePageTest {

    private static final String ACTION = "/system/console/analytics";

    @Test
    void theStateIsToldAndItsSwitchCarriesTheToken() {
        String on = ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "tok3n", null);
        assertThat(on).contains("Recording is <strong>ENABLED</strong>").contains("name=\"action\" value=\"disable\"")
                .contains("name=\"token\" value=\"tok3n\"").contains(">Disable recording</button>");
        String off = ConsolePage.render(Dashboards.empty(), ZoneOffset.UTC, ACTION, "tok3n", null);
        assertThat(off).contains("Recording is <strong>DISABLED</strong>").contains(">Enable recording</button>")
                .doesNotContain(">Run now<").contains("paused");
    }

    @Test
    void everyJobKindHasARunNowButton() {
        String page = ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "t", null);
        assertThat(page).contains("id=\"run-job-analytics.aggregate_daily\"").contains("id=\"run-job-analytics.retention\"")
                .contains("checked 2026-11-23: 240 rows");
    }

    @Test
    void cardsShowTodayTheWeekNowAndTheLag() {
        String page = ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "t", null);
        assertThat(card(page, "plays-today")).isEqualTo("42");
        assertThat(card(page, "watch-hours-7d")).isEqualTo("10.0");
        assertThat(card(page, "active-now")).isEqualTo("3");
        assertThat(card(page, "ingest-lag")).isEqualTo("180 ms");
    }

    @Test
    void chartsCountTheirMarksAndSayWhenTheyHaveNone() {
        String full = ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "t", null);
        assertThat(points(full, "plays-by-day")).isEqualTo(30);
        assertThat(points(full, "weekday-hour")).isEqualTo(49);
        assertThat(points(full, "client-types")).isEqualTo(3);
        // two libraries: 1, 7 and 30 days ago and now for each
        assertThat(points(full, "library-growth")).isEqualTo(8);
        String empty = ConsolePage.render(Dashboards.empty(), ZoneOffset.UTC, ACTION, "t", null);
        assertThat(points(empty, "plays-by-day")).isZero();
        assertThat(points(empty, "client-types")).isZero();
        assertThat(empty).contains("no data");
    }

    @Test
    void activeUsersCompletionAndTheServersHoursAreShown() {
        AnalyticsNames host = mock(AnalyticsNames.class);
        when(host.nameOfUser(any())).thenAnswer(call -> call.getArgument(0).equals(Dashboards.ALICE) ? "Alice"
                : ShownNames.shortId(call.getArgument(0)));
        when(host.nameOfLibrary(any())).thenAnswer(call -> call.getArgument(0).equals(Dashboards.MOVIES) ? "Movies"
                : ShownNames.shortId(call.getArgument(0)));
        when(host.nameOfMedia(any())).thenAnswer(call -> ShownNames.shortId(call.getArgument(0)));
        String page = ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "t", null, ShownNames.of(() -> host));

        assertThat(row(page, "active-users", 1)).containsExactly("Alice", "playing", "2026-11-24 11:55", "2", "0.4 h");
        assertThat(row(page, "active-users", 2)).as("a user the host does not name: a short id")
                .containsExactly("0d0d0d0d", "-", "2026-11-24 11:20", "1", "0.3 h");
        assertThat(row(page, "completion", 1)).containsExactly("all", "460", "230", "50.0 %");
        assertThat(row(page, "completion", 2)).containsExactly("movie", "160", "120", "75.0 %");
        assertThat(points(page, "server-heap")).as("24 hours, average and peak").isEqualTo(48);
        assertThat(points(page, "server-database")).isEqualTo(24);
        assertThat(page).as("not sampled in these hours: no chart").doesNotContain("data-chart=\"server-write-lag\"");
        assertThat(row(page, "server-metrics", 2)).as("heap: the latest hour's average, then the day's lowest, mean, highest")
                .containsExactly("jvm.heap.used.bytes", "2026-11-24 12:00", "83,886,080", "52,428,800", "95,944,704", "149,946,368", "1,440");
        assertThat(row(page, "server-metrics", 3)).containsExactly("jvm.load.average", "2026-11-24 12:00", "0.75", "0.25", "0.75", "1.50",
                "1,440");

        String empty = ConsolePage.render(Dashboards.empty(), ZoneOffset.UTC, ACTION, "t", null);
        assertThat(empty).contains("Nobody played anything in the last hour.").contains("No system metrics yet");
    }

    /** The cells of a table's row (0 is the header), their text without tags. */
    private static java.util.List<String> row(String page, String table, int index) {
        Matcher start = Pattern.compile("<table class=\"figures\" id=\"" + table + "\">").matcher(page);
        assertThat(start.find()).as("table " + table).isTrue();
        String body = page.substring(start.end(), page.indexOf("</table>", start.end()));
        String[] rows = body.split("<tr>");
        return java.util.Arrays.stream(rows[index + 1].split("</t[dh]>")).map(cell -> cell.replaceAll("<[^>]*>", "").trim())
                .filter(cell -> !cell.isEmpty()).toList();
    }

    @Test
    void theHistoryImportsAreListedWithTheirReports() {
        assertThat(ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "t", null))
                .contains("<table class=\"figures\" id=\"imports\">")
                .contains("tautulli.db")
                .contains("imported 3 plays (2 completed, 4940 s watched) from 9 rows of tautulli.db; 2 skipped (below-minimum=2)");
        assertThat(ConsolePage.render(Dashboards.empty(), ZoneOffset.UTC, ACTION, "t", null)).contains("No history was imported");
    }

    @Test
    void librariesAndItemsAreNamedAsTheHostNamesThemAndShortenedWhereItDoesNot() {
        AnalyticsNames host = mock(AnalyticsNames.class);
        when(host.nameOfLibrary(any())).thenAnswer(call -> call.getArgument(0).equals(Dashboards.MOVIES) ? "Movies"
                : ShownNames.shortId(call.getArgument(0)));
        when(host.nameOfMedia(any())).thenAnswer(call -> ((UUID) call.getArgument(0)).getLeastSignificantBits() == 0
                ? "The Golden <Orchard> (2004)" : ShownNames.shortId(call.getArgument(0)));

        String page = ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "t", null, ShownNames.of(() -> host));

        assertThat(page).contains("Most played in Movies, last 7 days").contains("Most played in 0b0b0b0b, last 7 days")
                .contains("The Golden &lt;Orchard&gt; (2004) (movie)").contains("<td title=\"" + Dashboards.MOVIES + "\">Movies</td>")
                .doesNotContain("<Orchard>");
        String withoutNames = ConsolePage.render(Dashboards.full(), ZoneOffset.UTC, ACTION, "t", null);
        assertThat(withoutNames).contains("Most played in 0a0a0a0a, last 7 days").contains("<td title=\"" + Dashboards.MOVIES + "\">0a0a0a0a</td>");
    }

    @Test
    void textFromTheDataIsEscaped() {
        var d = Dashboards.full();
        var clients = java.util.List.of(new org.revenge.analytics.spi.ClientTypeShare("<script>x</script>", 3, 3, 1));
        var hostile = new Dashboard(d.generatedAt(), d.enabled(), d.system(), d.playsByDay(), d.weekdayHours(), clients, d.libraries(),
                d.mostPlayed(), d.popular(), d.jobKinds(), d.jobHistory(), d.imports());
        assertThat(ConsolePage.render(hostile, ZoneOffset.UTC, ACTION, "t", "<b>")).doesNotContain("<script>x").doesNotContain("<b>")
                .contains("&lt;script&gt;");
    }

    @Test
    void tokensBelongToOneUserAndOneStart() {
        CsrfTokens tokens = new CsrfTokens();
        String karaf = tokens.tokenFor("karaf");
        assertThat(tokens.isValid("karaf", karaf)).isTrue();
        assertThat(tokens.isValid("other", karaf)).isFalse();
        assertThat(tokens.isValid("karaf", null)).isFalse();
        assertThat(new CsrfTokens().isValid("karaf", karaf)).isFalse();
    }

    private static String card(String page, String id) {
        Matcher matcher = Pattern.compile("id=\"card-" + id + "\"><div class=\"value\">([^<]*)<").matcher(page);
        assertThat(matcher.find()).as("card " + id).isTrue();
        return matcher.group(1);
    }

    static int points(String page, String chart) {
        Matcher matcher = Pattern.compile("data-chart=\"" + chart + "\" data-points=\"(\\d+)\"").matcher(page);
        assertThat(matcher.find()).as("chart " + chart).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void whenAnalyticsCannotAnswerThePageSaysWhy() {
        assertThat(ConsolePage.unavailable("PostgreSQL <unreachable>")).contains("Analytics cannot show its figures now: PostgreSQL &lt;unreachable&gt;")
                .doesNotContain("<unreachable>");
    }
}
