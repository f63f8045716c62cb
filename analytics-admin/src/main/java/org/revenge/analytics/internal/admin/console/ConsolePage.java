package org.revenge.analytics.internal.admin.console;

import static org.revenge.analytics.internal.admin.console.Html.escape;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.revenge.analytics.internal.admin.console.Svg.Point;
import org.revenge.analytics.internal.admin.console.Svg.Series;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.internal.admin.shell.Formats;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.LibraryDay;
import org.revenge.analytics.spi.LibraryGrowth;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethodShare;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.spi.WeekdayHour;

/**
 * The console page's HTML, from a {@link Dashboard}: a fragment the Web Console puts between its
 * own header and footer. It holds its own style, and no script: the charts are SVG drawn here, the
 * switch and the "run now" buttons are plain forms.
 */
final class ConsolePage {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private static final String STYLE = """
            <style>
            #revenge-analytics { font-family: sans-serif; color: #222; }
            #revenge-analytics .cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 16px; }
            #revenge-analytics .card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 16px; min-width: 150px; background: #fff; }
            #revenge-analytics .card .value { font-size: 26px; font-weight: bold; }
            #revenge-analytics .card .label { font-size: 12px; color: #555; }
            #revenge-analytics .state { padding: 10px 14px; border-radius: 6px; margin: 8px 0; font-size: 15px; display: flex; align-items: center; gap: 16px; }
            #revenge-analytics .state.on { background: #e6f4ea; border: 1px solid #2e9e6a; }
            #revenge-analytics .state.off { background: #fdecea; border: 1px solid #d64545; }
            #revenge-analytics .flash { padding: 6px 12px; background: #fff8e1; border: 1px solid #c9a227; border-radius: 6px; margin: 8px 0; }
            #revenge-analytics .grid { display: flex; flex-wrap: wrap; gap: 16px; }
            #revenge-analytics figure.chart { margin: 0 0 16px; padding: 8px; border: 1px solid #e3e3e3; border-radius: 6px; background: #fff; }
            #revenge-analytics figcaption { font-weight: bold; font-size: 13px; margin-bottom: 4px; }
            #revenge-analytics table.figures { border-collapse: collapse; margin-bottom: 16px; }
            #revenge-analytics table.figures th, #revenge-analytics table.figures td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; text-align: left; font-size: 12px; }
            #revenge-analytics table.figures td.n { text-align: right; font-variant-numeric: tabular-nums; }
            #revenge-analytics h2 { font-size: 16px; margin: 18px 0 8px; }
            </style>
            """;

    private ConsolePage() {
    }

    /**
     * @param action  where the forms post (the page itself)
     * @param token   the CSRF token the forms carry
     * @param flash   a sentence about the last action, or {@code null}
     */
    static String render(Dashboard d, ZoneId zone, String action, String token, String flash) {
        return render(d, zone, action, token, flash, ShownNames.none());
    }

    /** @param names what the host calls the libraries and items (short ids where it does not say) */
    static String render(Dashboard d, ZoneId zone, String action, String token, String flash, ShownNames names) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append(STYLE).append(Interactive.STYLE).append("<div id=\"revenge-analytics\">");
        html.append("<p style=\"font-size:12px;color:#555\">Figures as of ").append(escape(Formats.time(d.generatedAt(), zone)))
                .append(" (").append(escape(zone.getId())).append("). Reload for fresh figures.</p>");
        if (flash != null) {
            html.append("<div class=\"flash\" id=\"flash\">").append(escape(flash)).append("</div>");
        }
        state(html, d, action, token);
        cards(html, d);

        html.append("<h2>Activity</h2>");
        List<Point> days = new ArrayList<>();
        for (DailyActivity day : d.playsByDay()) {
            days.add(new Point(DAY.format(day.date()), day.plays(), day.date() + ": " + day.plays() + " plays, "
                    + day.completedPlays() + " completed, " + Formats.hours(day.watchTimeSec()) + " h"));
        }
        html.append(Interactive.section(action));
        html.append(Svg.columns("plays-by-day", "Plays per day, last 30 days", days, 5));
        peakStreams(html, d.now().peakStreams(), zone);
        long[][] cells = new long[7][24];
        for (WeekdayHour cell : d.weekdayHours()) {
            cells[cell.dayOfWeek().getValue() - 1][cell.hour()] += cell.plays();
        }
        html.append("<div class=\"grid\">");
        html.append(Svg.heatMap("weekday-hour", "Plays by weekday and hour, last 4 weeks", cells));
        List<Point> clients = new ArrayList<>();
        for (ClientTypeShare client : d.clientTypes()) {
            clients.add(new Point(client.clientType(), client.plays(), client.clientType() + ": " + client.plays() + " plays by "
                    + client.users() + " users, " + Formats.hours(client.watchTimeSec()) + " h"));
        }
        html.append(Svg.bars("client-types", "Plays by client type, last 30 days", clients));
        html.append("</div>");
        activeUsers(html, d.now().activeUsers(), zone, names);
        completion(html, d.now().completion());
        playMethods(html, d.now().playMethods());

        html.append("<h2>Libraries</h2>");
        if (d.libraries().isEmpty()) {
            html.append("<p>").append(d.enabled() == null ? "The libraries are listed by the AnalyticsAdmin service, which is not available."
                    : "No library has been scanned yet.").append("</p>");
        } else {
            html.append(growthChart(d.libraries(), d.now().growth(), LocalDate.ofInstant(d.generatedAt(), zone), names));
            html.append("<div class=\"grid\">");
            for (LibraryStats library : d.libraries()) {
                UUID id = library.libraryId();
                String name = names.library(id);
                html.append(rankingChart("most-played", "Most played in " + name + ", last 7 days", d.mostPlayed().get(id), false, names));
                html.append(rankingChart("most-popular", "Most popular in " + name + " (distinct users), last 30 days",
                        d.popular().get(id), true, names));
            }
            html.append("</div>");
            libraryTable(html, d.libraries(), zone, names);
        }

        ServerHours.render(html, d.now().metrics(), zone);

        html.append("<h2>Jobs</h2>");
        jobs(html, d, zone, action, token);
        imports(html, d, zone);
        html.append("</div>");
        return html.toString();
    }

    /** The page when Analytics cannot answer, for example while PostgreSQL is unreachable. */
    static String unavailable(String reason) {
        return STYLE + "<div id=\"revenge-analytics\"><div class=\"state off\" id=\"unavailable\">Analytics cannot show its figures now: "
                + escape(reason) + ". Reload the page to try again.</div></div>";
    }

    private static void state(StringBuilder html, Dashboard d, String action, String token) {
        if (d.enabled() == null) {
            html.append("<div class=\"state off\" id=\"recording-state\" data-enabled=\"unknown\">Recording state unknown: the "
                    + "AnalyticsAdmin service is not available.</div>");
            return;
        }
        boolean on = d.enabled();
        html.append("<div class=\"state ").append(on ? "on" : "off").append("\" id=\"recording-state\" data-enabled=\"").append(on)
                .append("\"><span>Recording is <strong>").append(on ? "ENABLED" : "DISABLED").append("</strong>: ")
                .append(on ? "plays and library scans are stored, jobs run."
                        : "host events are ignored and jobs are paused; the figures below are what was stored before.")
                .append("</span>");
        html.append(form(action, token, on ? "disable" : "enable", null, on ? "Disable recording" : "Enable recording"));
        html.append("</div>");
    }

    private static String form(String action, String token, String verb, String kind, String label) {
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"").append(escape(action)).append("\" style=\"margin:0\">");
        form.append("<input type=\"hidden\" name=\"token\" value=\"").append(escape(token)).append("\">");
        form.append("<input type=\"hidden\" name=\"action\" value=\"").append(escape(verb)).append("\">");
        if (kind != null) {
            form.append("<input type=\"hidden\" name=\"kind\" value=\"").append(escape(kind)).append("\">");
        }
        return form.append("<button type=\"submit\" id=\"").append(escape(verb + (kind == null ? "" : "-" + kind))).append("\">")
                .append(escape(label)).append("</button></form>").toString();
    }

    private static void cards(StringBuilder html, Dashboard d) {
        html.append("<div class=\"cards\">");
        card(html, "plays-today", Formats.count(d.system().playsToday()), "plays today");
        card(html, "watch-hours-7d", Formats.hours(d.system().watchTimeSec7d()), "watch hours, 7 days");
        card(html, "active-now", Formats.count(d.system().activeSessions()), "playing now");
        card(html, "ingest-lag", Formats.duration(d.system().ingest().writeLag()),
                "ingest lag (" + Formats.count(d.system().ingest().queued()) + " queued)");
        if (d.quarantined() != null) {
            card(html, "quarantined", Formats.count(d.quarantined()), "records in quarantine (analytics:quarantine)");
        }
        html.append("</div>");
    }

    private static void card(StringBuilder html, String id, String value, String label) {
        html.append("<div class=\"card\" id=\"card-").append(id).append("\"><div class=\"value\">").append(escape(value))
                .append("</div><div class=\"label\">").append(escape(label)).append("</div></div>");
    }

    private static String rankingChart(String name, String caption, MediaRanking ranking, boolean byUsers, ShownNames names) {
        List<Point> points = new ArrayList<>();
        if (ranking != null) {
            for (MediaStats item : ranking.items()) {
                long value = byUsers ? item.distinctUsers() : item.plays();
                String type = item.mediaType() == null ? "" : " (" + item.mediaType().wireName() + ")";
                String title = names.media(item.mediaId());
                points.add(new Point(title + type, value, title + type + " [" + item.mediaId() + "]: " + item.plays() + " plays, "
                        + item.distinctUsers() + " users, " + Formats.hours(item.watchTimeSec()) + " h",
                        item.libraryId() + "/" + item.mediaId()));
            }
        }
        return Svg.bars(name, caption, points);
    }

    /**
     * Each library's items over the last year on a time axis, a line per library through its
     * scanned days (from where it stood when the year began); without the days, its count now.
     */
    private static String growthChart(List<LibraryStats> libraries, Map<UUID, List<LibraryDay>> growth, LocalDate today,
            ShownNames names) {
        LocalDate first = today.minusDays(Dashboard.GROWTH_PERIOD.toDays() - 1);
        List<Series> series = new ArrayList<>();
        for (LibraryStats library : libraries) {
            String name = names.library(library.libraryId());
            List<Point> points = new ArrayList<>();
            for (LibraryDay day : growth.getOrDefault(library.libraryId(), List.of())) {
                LocalDate shown = day.day().isBefore(first) ? first : day.day();
                points.add(new Point(shown.toString(), day.totalItems(), name + ", " + day.day() + ": " + day.totalItems() + " items"
                        + (day.day().isBefore(first) ? " (its last scan before the year)" : "")));
            }
            if (points.isEmpty()) {
                points.add(new Point(today.toString(), library.totalItems(),
                        name + " now: " + library.totalItems() + " items"));
            }
            series.add(new Series(name, points));
        }
        return Svg.timeLines("library-growth", "Library growth: items per library over the last year", first, today, series);
    }

    private static void libraryTable(StringBuilder html, List<LibraryStats> libraries, ZoneId zone, ShownNames names) {
        html.append("<h2>Library health</h2><table class=\"figures\" id=\"library-health\"><tr><th>Library</th><th>Scanned</th>"
                + "<th>Items</th><th>Size</th><th>Missing metadata</th><th>Orphaned files</th><th>Recently added</th>"
                + "<th>Healthy</th><th>Growth</th></tr>");
        for (LibraryStats library : libraries) {
            long problems = library.missingMetadata() + library.orphanedFiles();
            String healthy = library.totalItems() == 0 ? "-"
                    : String.format(Locale.ROOT, "%.1f %%", 100.0 * Math.max(0, library.totalItems() - problems) / library.totalItems());
            StringBuilder growth = new StringBuilder();
            for (LibraryGrowth g : library.growth()) {
                if (growth.length() > 0) {
                    growth.append(", ");
                }
                growth.append(g.itemsDelta() > 0 ? "+" : "").append(g.itemsDelta()).append(" in ").append(g.days()).append("d");
            }
            html.append("<tr><td title=\"").append(library.libraryId()).append("\">").append(escape(names.library(library.libraryId())))
                    .append("</td><td>")
                    .append(escape(Formats.time(library.scannedAt(), zone))).append("</td><td class=\"n\">")
                    .append(Formats.count(library.totalItems())).append("</td><td class=\"n\">").append(Formats.bytes(library.totalSizeBytes()))
                    .append("</td><td class=\"n\">").append(Formats.count(library.missingMetadata())).append("</td><td class=\"n\">")
                    .append(Formats.count(library.orphanedFiles())).append("</td><td class=\"n\">").append(Formats.count(library.recentlyAdded()))
                    .append("</td><td class=\"n\">").append(healthy).append("</td><td>")
                    .append(growth.length() == 0 ? "-" : escape(growth)).append("</td></tr>");
        }
        html.append("</table>");
    }

    /** Who played within the last hour, or is playing now, with the names the host gives. */
    private static void activeUsers(StringBuilder html, List<UserActivity> users, ZoneId zone, ShownNames names) {
        html.append("<h2>Active users, last hour</h2>");
        if (users.isEmpty()) {
            html.append("<p id=\"active-users\">Nobody played anything in the last hour.</p>");
            return;
        }
        html.append("<div class=\"table-scroll\"><table class=\"figures\" id=\"active-users\"><tr><th>User</th><th>Now</th>"
                + "<th>Latest play started</th><th>Plays</th><th>Watch time</th></tr>");
        for (UserActivity user : users) {
            html.append("<tr><td title=\"").append(user.userId()).append("\">").append(escape(names.user(user.userId())))
                    .append("</td><td>").append(user.playingNow() ? "playing" : "-").append("</td><td>")
                    .append(escape(Formats.time(user.lastPlayedAt(), zone))).append("</td><td class=\"n\">")
                    .append(Formats.count(user.plays())).append("</td><td class=\"n\">").append(Formats.hours(user.watchTimeSec()))
                    .append(" h</td></tr>");
        }
        html.append("</table></div>");
    }

    /** How many plays were watched to the end, in all and by media type. */
    private static void completion(StringBuilder html, List<CompletionRate> rates) {
        html.append("<h2>Completion, last 30 days</h2><div class=\"table-scroll\"><table class=\"figures\" id=\"completion\">"
                + "<tr><th>Media type</th><th>Plays</th><th>Watched to the end</th><th>Rate</th></tr>");
        for (CompletionRate rate : rates) {
            html.append("<tr><td>").append(rate.mediaType() == null ? "all" : escape(rate.mediaType().wireName()))
                    .append("</td><td class=\"n\">").append(Formats.count(rate.plays())).append("</td><td class=\"n\">")
                    .append(Formats.count(rate.completedPlays())).append("</td><td class=\"n\">")
                    .append(rate.plays() == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * rate.rate())).append("</td></tr>");
        }
        html.append("</table></div>");
    }

    /** The most plays at once on each day, as columns under the plays per day. */
    private static void peakStreams(StringBuilder html, List<PeakStreams> peaks, ZoneId zone) {
        List<Point> points = new ArrayList<>();
        for (PeakStreams day : peaks) {
            points.add(new Point(DAY.format(day.date()), day.streams(), day.date() + ": at most " + day.streams()
                    + (day.streams() == 1 ? " play" : " plays") + " at once"
                    + (day.at() == null ? "" : ", first at " + Formats.time(day.at(), zone))));
        }
        html.append(Svg.columns("peak-streams", "Most plays at once per day (concurrent streams), last 30 days", points, 5));
    }

    /** Direct play against transcoding: each play method's share of the plays and of the watch time. */
    private static void playMethods(StringBuilder html, List<PlayMethodShare> methods) {
        long plays = methods.stream().mapToLong(PlayMethodShare::plays).sum();
        long watch = methods.stream().mapToLong(PlayMethodShare::watchTimeSec).sum();
        html.append("<h2>Direct play and transcoding, last 30 days</h2>");
        List<Point> points = new ArrayList<>();
        for (PlayMethodShare method : methods) {
            points.add(new Point(method.playMethod(), method.plays(), method.playMethod() + ": " + method.plays() + " plays ("
                    + percent(method.plays(), plays) + "), " + Formats.hours(method.watchTimeSec()) + " h ("
                    + percent(method.watchTimeSec(), watch) + " of the watch time)"));
        }
        html.append("<div class=\"grid\">").append(Svg.bars("play-methods", "Plays by play method, last 30 days", points));
        html.append("<div class=\"table-scroll\"><table class=\"figures\" id=\"play-methods-table\">"
                + "<tr><th>Play method</th><th>Plays</th><th>Share of plays</th><th>Watch hours</th><th>Share of watch time</th></tr>");
        for (PlayMethodShare method : methods) {
            html.append("<tr data-method=\"").append(escape(method.playMethod())).append("\"><td>").append(escape(method.playMethod()))
                    .append("</td><td class=\"n\">").append(Formats.count(method.plays())).append("</td><td class=\"n\">")
                    .append(percent(method.plays(), plays)).append("</td><td class=\"n\">").append(Formats.hours(method.watchTimeSec()))
                    .append("</td><td class=\"n\">").append(percent(method.watchTimeSec(), watch)).append("</td></tr>");
        }
        if (methods.isEmpty()) {
            html.append("<tr><td colspan=\"5\">No plays.</td></tr>");
        }
        html.append("</table></div></div>");
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    /** The history imports that ran, each with its one-line report (analytics:import, POST /imports). */
    private static void imports(StringBuilder html, Dashboard d, ZoneId zone) {
        html.append("<h3>History imports</h3>");
        if (d.imports().isEmpty()) {
            html.append("<p id=\"imports\">No history was imported (analytics:import, or POST /analytics/api/v1/imports).</p>");
            return;
        }
        html.append("<table class=\"figures\" id=\"imports\"><tr><th>#</th><th>From</th><th>File</th><th>Finished</th>"
                + "<th>State</th><th>Report</th></tr>");
        for (ImportReport report : d.imports()) {
            html.append("<tr><td>").append(report.id()).append("</td><td>")
                    .append(escape(report.source() == null ? "?" : report.source().wireName())).append("</td><td>")
                    .append(escape(report.fileName())).append("</td><td>").append(escape(Formats.time(report.finishedAt(), zone)))
                    .append("</td><td>").append(escape(report.state())).append("</td><td>").append(escape(report.line()))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void jobs(StringBuilder html, Dashboard d, ZoneId zone, String action, String token) {
        html.append("<table class=\"figures\" id=\"job-status\"><tr><th>Job</th><th>Latest run</th><th>State</th><th>Started</th>"
                + "<th>Finished</th><th>Rows</th><th>Outcome</th><th></th></tr>");
        List<String> kinds = new ArrayList<>(d.jobKinds());
        for (JobRun run : d.system().jobs()) {
            if (!kinds.contains(run.kind())) {
                kinds.add(run.kind());
            }
        }
        for (String kind : kinds) {
            JobRun latest = d.system().jobs().stream().filter(r -> r.kind().equals(kind)).findFirst()
                    .orElse(d.jobHistory().stream().filter(r -> r.kind().equals(kind)).findFirst().orElse(null));
            html.append("<tr><td>").append(escape(kind)).append("</td>");
            if (latest == null) {
                html.append("<td colspan=\"6\">no run yet</td>");
            } else {
                String outcome = latest.lastError() != null && !latest.lastError().isBlank() ? "error: " + latest.lastError()
                        : String.valueOf(latest.outcome() == null ? "-" : latest.outcome());
                html.append("<td>").append(escape(latest.runKey())).append("</td><td>").append(escape(latest.state())).append("</td><td>")
                        .append(escape(Formats.time(latest.startedAt(), zone))).append("</td><td>")
                        .append(escape(Formats.time(latest.finishedAt(), zone))).append("</td><td class=\"n\">")
                        .append(latest.rows() == null ? "-" : Formats.count(latest.rows())).append("</td><td>")
                        .append(escape(Svg.shorten(outcome, 120))).append("</td>");
            }
            html.append("<td>");
            if (d.jobKinds().contains(kind)) {
                html.append(Boolean.TRUE.equals(d.enabled()) ? form(action, token, "run-job", kind, "Run now")
                        : "<span title=\"jobs are paused while recording is disabled\">paused</span>");
            }
            html.append("</td></tr>");
        }
        html.append("</table>");
    }

    static String shortId(UUID id) {
        return ShownNames.shortId(id);
    }
}
