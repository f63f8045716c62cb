package org.revenge.analytics.internal.admin.http;

import static org.revenge.analytics.internal.admin.http.Parameter.path;
import static org.revenge.analytics.internal.admin.http.Parameter.query;
import static org.revenge.analytics.internal.admin.http.Route.Access.ADMIN;
import static org.revenge.analytics.internal.admin.http.Route.Access.ANY;
import static org.revenge.analytics.internal.admin.http.Route.Access.SELF;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.ParameterizedType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import org.revenge.analytics.internal.admin.http.Documents.Enabled;
import org.revenge.analytics.internal.admin.http.Documents.JobKinds;
import org.revenge.analytics.internal.admin.http.Documents.KeepYear;
import org.revenge.analytics.internal.admin.http.Documents.Me;
import org.revenge.analytics.internal.admin.http.Documents.OptOut;
import org.revenge.analytics.internal.admin.http.Documents.OptedOutUsers;
import org.revenge.analytics.internal.admin.http.Documents.UserPage;
import org.revenge.analytics.internal.admin.http.Documents.Quarantine;
import org.revenge.analytics.internal.admin.http.Documents.QuarantineAction;
import org.revenge.analytics.internal.admin.http.Parameter.Type;
import org.revenge.analytics.internal.admin.metrics.PrometheusText;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethodShare;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.ItemActivity;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MetricHour;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.spi.UserErasure;
import org.revenge.analytics.spi.UserStats;
import org.revenge.analytics.spi.WeekdayHour;
import org.revenge.analytics.spi.YearInReview;

/**
 * The route table of the HTTP API, below {@link AnalyticsHttpApi#BASE}. The servlet dispatches on
 * it and {@link OpenApiDocument} describes it.
 */
final class ApiRoutes {

    static final String OPENAPI_PATH = "/openapi.json";

    private static final String EXAMPLE_USER = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
    private static final String EXAMPLE_LIBRARY = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
    private static final String EXAMPLE_MEDIA = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";

    private static final Parameter USER_ID = path("userId", Type.UUID, EXAMPLE_USER, "the host's user id");
    private static final Parameter LIBRARY_ID = path("libraryId", Type.UUID, EXAMPLE_LIBRARY, "the host's library id");
    private static final Parameter PERIOD = query("period", Type.PERIOD, "P30D", "P7D", "how far back from now");
    private static final Parameter DAILY_PERIOD = query("period", Type.DAILY_PERIOD, "P30D", "P7D", "how far back from now");
    private static final Parameter YEAR = path("year", Type.YEAR, "2026", "the calendar year");
    private static final Parameter LIMIT = query("limit", Type.LIMIT, "10", "5", "how many at most");
    private static final Parameter HISTORY_LIMIT = query("limit", Type.LIMIT, "100", "50", "how many plays at most, the latest first");
    private static final Map<String, String> USER_EXPORT = Map.of("json", "application/json", "csv", "text/csv; charset=UTF-8");
    private static final Map<String, String> PLAYS_EXPORT = Map.of("csv", "text/csv; charset=UTF-8", "json", "application/json");

    private ApiRoutes() {
    }

    /** @return every route, in the order of the document, with {@code /metrics} if {@code metrics} */
    static List<Route> all(boolean metrics) {
        List<Route> routes = new ArrayList<>();
        routes.add(json("GET", OPENAPI_PATH, ANY, "openApi", "This document.", List.of(), Map.class,
                call -> { throw new IllegalStateException("served by the servlet"); }));
        routes.add(json("GET", "/me", ANY, "whoAmI", "Who the API takes the caller for: login, user id, admin or not.",
                List.of(), Me.class, call -> new Me(call.caller().login(), call.caller().userId().orElse(null), call.caller().admin())));
        userRoutes(routes, "/me", SELF, List.of());
        userRoutes(routes, "/users/{userId}", ADMIN, List.of(USER_ID));
        routes.add(json("DELETE", "/users/{userId}", ADMIN, "eraseUser",
                "Erases everything stored about a user, in one transaction.", List.of(USER_ID), UserErasure.class, call -> {
                    UserErasure erased = call.auditedChange("erase user", call.user(), () -> call.admin().eraseUser(call.user()));
                    call.audit("erase user", call.user(), "plays=" + erased.playsRemoved());
                    return erased;
                }));
        routes.add(json("GET", "/opt-outs", ADMIN, "optedOutUsers", "The users who opted out of recording.", List.of(),
                OptedOutUsers.class, call -> {
                    List<UUID> users = call.admin().getOptedOutUsers();
                    call.auditAll("list opted-out users", "count=" + users.size());
                    return new OptedOutUsers(users);
                }));

        routes.add(json("GET", "/libraries", ADMIN, "libraries", "The latest snapshot of every scanned library.",
                List.of(), listOf(LibraryStats.class), call -> call.analytics().getLibraries()));
        routes.add(json("GET", "/libraries/{libraryId}", ADMIN, "libraryStats",
                "A library's latest snapshot, health and growth; 404 if it was never scanned.", List.of(LIBRARY_ID), LibraryStats.class,
                call -> call.analytics().getLibraryStats(call.uuid("libraryId"))
                        .orElseThrow(() -> new ApiException(404, "libraryId", "library " + call.uuid("libraryId") + " was never scanned"))));
        routes.add(json("GET", "/libraries/{libraryId}/most-watched", ADMIN, "mostWatched",
                "A library's items with the most plays over the period.", List.of(LIBRARY_ID, PERIOD, LIMIT), MediaRanking.class,
                call -> call.analytics().getMostWatched(call.uuid("libraryId"), call.period("period"), call.limit())));
        routes.add(json("GET", "/libraries/{libraryId}/most-popular", ADMIN, "mostPopular",
                "A library's items played by the most distinct users over the period.", List.of(LIBRARY_ID, PERIOD, LIMIT),
                MediaRanking.class, call -> call.analytics().getMostPopular(call.uuid("libraryId"), call.period("period"), call.limit())));
        routes.add(json("GET", "/libraries/{libraryId}/items/{mediaId}", ADMIN, "itemActivity",
                "One item over whole days of the period: plays, completed plays, watch time, distinct users and its days with plays.",
                List.of(LIBRARY_ID, path("mediaId", Type.UUID, EXAMPLE_MEDIA, "the host's media item id"), DAILY_PERIOD),
                ItemActivity.class, call -> call.analytics().getItemActivity(call.uuid("libraryId"), call.uuid("mediaId"),
                        call.period("period"))));
        routes.add(json("GET", "/libraries/{libraryId}/trending", ADMIN, "trending",
                "A library's items rising fastest: the last 24 hours against the 7 days before.", List.of(LIBRARY_ID, LIMIT),
                MediaRanking.class, call -> call.analytics().getTrending(call.uuid("libraryId"), call.limit())));

        routes.add(json("GET", "/year-in-review/{year}", ADMIN, "yearInReview",
                "The whole server's year in review (the configured zone's calendar year), from rollups that hold no user.",
                List.of(YEAR), YearInReview.class, call -> call.analytics().getYearInReview(call.year())));
        routes.add(json("GET", "/system", ADMIN, "systemStats", "Totals, ingest counters, job states and JVM figures.",
                List.of(), SystemStats.class, call -> call.analytics().getSystemStats()));
        routes.add(json("GET", "/system/metrics", ADMIN, "systemMetrics",
                "The hourly system metrics (minimum, average, maximum of the samples) by metric and hour.",
                List.of(query("period", Type.PERIOD, "PT24H", "P7D", "how far back from now")), listOf(MetricHour.class),
                call -> call.analytics().getSystemMetrics(call.period("period"))));
        routes.add(json("GET", "/active-users", ADMIN, "activeUsers",
                "Users who started a play within `since`, or have one open, most recent first.",
                List.of(query("since", Type.PERIOD, "PT24H", "PT1H", "how far back from now")), listOf(UserActivity.class),
                call -> {
                    List<UserActivity> users = call.analytics().getActiveUsers(call.period("since"));
                    call.auditAll("list active users", "since=" + call.period("since") + " count=" + users.size());
                    return users;
                }));
        routes.add(json("GET", "/plays/by-day", ADMIN, "playsByDay", "Plays per day, zeros included, oldest first.",
                List.of(DAILY_PERIOD), listOf(DailyActivity.class), call -> call.analytics().getPlaysByDay(call.period("period"))));
        routes.add(json("GET", "/plays/by-weekday-hour", ADMIN, "playsByWeekdayAndHour", "Plays by weekday and hour of day.",
                List.of(PERIOD), listOf(WeekdayHour.class), call -> call.analytics().getPlaysByWeekdayAndHour(call.period("period"))));
        routes.add(json("GET", "/plays/client-types", ADMIN, "clientTypes", "Plays, watch time and users per client type.",
                List.of(PERIOD), listOf(ClientTypeShare.class), call -> call.analytics().getClientTypes(call.period("period"))));
        routes.add(json("GET", "/plays/play-methods", ADMIN, "playMethods",
                "Plays and watch time by play method (direct-play, direct-stream, transcode, unknown), most plays first.",
                List.of(PERIOD), listOf(PlayMethodShare.class), call -> call.analytics().getPlayMethods(call.period("period"))));
        routes.add(json("GET", "/plays/peak-streams", ADMIN, "peakStreams",
                "The most plays going on at once on each day, and when, zeros included, oldest first.",
                List.of(DAILY_PERIOD), listOf(PeakStreams.class), call -> call.analytics().getPeakStreamsByDay(call.period("period"))));
        routes.add(json("GET", "/plays/completion-rates", ADMIN, "completionRates",
                "The share of plays completed, in all (mediaType null) and per media type.", List.of(PERIOD),
                listOf(CompletionRate.class), call -> call.analytics().getCompletionRates(call.period("period"))));
        routes.add(stream("GET", "/plays/export", ADMIN, "exportPlays",
                "Streams every play started in [from, to), oldest first, as CSV or JSON.",
                List.of(query("from", Type.FROM, null, "2026-01-01", "the first day (or instant), included"),
                        query("to", Type.TO, null, "2026-12-31", "the last day, included (or the instant, excluded)"),
                        query("format", Type.FORMAT, "csv", "json", "csv or json")),
                PLAYS_EXPORT, call -> {
                    Instant from = call.instant("from");
                    Instant to = call.instant("to");
                    if (!to.isAfter(from)) {
                        throw new InvalidInputException("to", "must be after from (" + from + "), was " + to);
                    }
                    ExportFormat format = call.format();
                    call.auditAll("export plays", "from=" + from + " to=" + to + " format=" + format.name().toLowerCase());
                    String extension = format == ExportFormat.CSV ? "csv" : "json";
                    OutputStream out = call.stream(PLAYS_EXPORT.get(extension), "plays." + extension);
                    call.admin().exportPlays(from, to, format, out);
                    out.flush();
                    return null;
                }));

        ImportRoutes.addTo(routes);
        routes.add(json("GET", "/jobs", ADMIN, "jobHistory", "The scheduled jobs' runs, the latest first.", List.of(LIMIT),
                listOf(JobRun.class), call -> call.analytics().getJobHistory(call.limit())));
        routes.add(json("GET", "/jobs/kinds", ADMIN, "jobKinds", "The job kinds that can be run now.", List.of(),
                JobKinds.class, call -> new JobKinds(call.admin().getJobKinds())));
        Route runJob = json("POST", "/jobs/{kind}/runs", ADMIN, "runJobNow",
                "Queues a run of a job kind, due now; 202 with the queued run.",
                List.of(path("kind", Type.TEXT, "analytics.aggregate_daily", "one of /jobs/kinds")), JobRun.class, call -> {
                    String kind = call.text("kind");
                    List<String> kinds = call.admin().getJobKinds();
                    if (!kinds.contains(kind)) {
                        throw new InvalidInputException("kind", "must be one of " + kinds + ", was '" + kind + "'");
                    }
                    return call.admin().runJobNow(kind);
                });
        routes.add(new Route(runJob.method(), runJob.path(), runJob.access(), runJob.operationId(), runJob.summary(),
                runJob.parameters(), null, 202, runJob.result(), Map.of(), runJob.handler()));
        quarantineRoutes(routes);
        routes.add(json("GET", "/enabled", ADMIN, "isEnabled", "Whether the plugin records plays.", List.of(), Enabled.class,
                call -> new Enabled(call.admin().isEnabled())));
        routes.add(withBody(json("PUT", "/enabled", ADMIN, "setEnabled",
                "Switches recording on or off (written to the plugin's configuration, so it survives restarts).", List.of(),
                Enabled.class, call -> {
                    boolean enabled = call.bodyFlag();
                    call.admin().setEnabled(enabled);
                    call.auditAll(enabled ? "enable recording" : "disable recording", "");
                    return new Enabled(enabled);
                }), new Route.Body("enabled", "true to record plays, false to stop")));
        if (metrics) {
            routes.add(stream("GET", "/metrics", ADMIN, "metrics",
                    "The plugin's figures in the Prometheus text exposition format, for a local scraper (metrics.enabled).",
                    List.of(), Map.of("text", PrometheusText.CONTENT_TYPE), call -> {
                        SystemStats stats = call.analytics().getSystemStats();
                        Boolean recording = call.adminIfPresent().map(admin -> admin.isEnabled()).orElse(null);
                        Writer writer = new OutputStreamWriter(call.body(PrometheusText.CONTENT_TYPE), StandardCharsets.UTF_8);
                        PrometheusText.write(stats, recording, writer);
                        return null;
                    }));
        }
        return List.copyOf(routes);
    }

    /** Records the recording path set aside: list, re-drive, discard (admins only). */
    private static void quarantineRoutes(List<Route> routes) {
        Parameter id = path("id", Type.TEXT, "42", "a quarantine entry's id, from GET /quarantine");
        routes.add(json("GET", "/quarantine", ADMIN, "quarantinedRecords",
                "Records the recording path could not store and set aside, the oldest first, with how many there are.",
                List.of(LIMIT), Quarantine.class,
                call -> new Quarantine(call.admin().countQuarantined(), call.admin().getQuarantined(call.limit()))));
        Route redrive = json("POST", "/quarantine/{id}/redrive", ADMIN, "redriveQuarantined",
                "Feeds a quarantined record back through the writer; 202, its entry goes once it is stored.", List.of(id),
                QuarantineAction.class, call -> {
                    long entry = quarantineId(call.text("id"));
                    call.admin().redriveQuarantined(entry);
                    call.auditAll("re-drive quarantined record", String.valueOf(entry));
                    return new QuarantineAction(entry, "redriven");
                });
        routes.add(new Route(redrive.method(), redrive.path(), redrive.access(), redrive.operationId(), redrive.summary(),
                redrive.parameters(), null, 202, redrive.result(), Map.of(), redrive.handler()));
        routes.add(json("DELETE", "/quarantine/{id}", ADMIN, "discardQuarantined",
                "Deletes a quarantined record for good: what it held is never stored.", List.of(id), QuarantineAction.class,
                call -> {
                    long entry = quarantineId(call.text("id"));
                    if (!call.admin().discardQuarantined(entry)) {
                        throw new InvalidInputException("id", "no quarantined record has the id " + entry);
                    }
                    call.auditAll("discard quarantined record", String.valueOf(entry));
                    return new QuarantineAction(entry, "discarded");
                }));
    }

    private static long quarantineId(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("id", "must be a quarantine entry's id, a whole number, was '" + text + "'");
        }
    }

    /** The routes about one user: the caller ({@code /me}) or, for an admin, anyone ({@code /users/{userId}}). */
    private static void userRoutes(List<Route> routes, String base, Route.Access access, List<Parameter> userParameter) {
        String prefix = access == SELF ? "my" : "user";
        routes.add(json("GET", base + "/stats", access, prefix + "Stats",
                "Plays, completed plays, watch time, unique items and a by-day series over the period.", with(userParameter, PERIOD),
                UserStats.class, call -> {
                    Duration period = call.period("period");
                    call.audit("read user stats", call.user(), "period=" + period);
                    return call.analytics().getUserStats(call.user(), period);
                }));
        routes.add(json("GET", base + "/recently-watched", access, prefix + "RecentlyWatched",
                "The latest distinct items played, most recent first.", with(userParameter, LIMIT), listOf(MediaStats.class), call -> {
                    call.audit("read recently watched", call.user(), "limit=" + call.limit());
                    return call.analytics().getRecentlyWatched(call.user(), call.limit());
                }));
        routes.add(json("GET", base + "/history", access, prefix + "History", "The plays, the latest first.",
                with(userParameter, HISTORY_LIMIT), listOf(PlayRecord.class), call -> {
                    call.audit("read play history", call.user(), "limit=" + call.limit());
                    return call.admin().getUserHistory(call.user(), call.limit());
                }));
        routes.add(stream("GET", base + "/export", access, prefix + "Export",
                "Everything stored about the user: as JSON, one document (plays, daily activity, totals, opt-out state); "
                        + "as CSV, the plays, one a line.",
                with(userParameter, query("format", Type.FORMAT, "json", "csv", "json (everything) or csv (the plays)")),
                USER_EXPORT, call -> {
                    ExportFormat format = call.format();
                    String extension = format == ExportFormat.CSV ? "csv" : "json";
                    call.auditAlways("export user", call.user(), "format=" + extension);
                    OutputStream out = call.stream(USER_EXPORT.get(extension), "analytics-" + call.user() + "." + extension);
                    if (format == ExportFormat.CSV) {
                        call.admin().exportUserPlays(call.user(), format, out);
                    } else {
                        call.admin().exportUser(call.user(), out);
                    }
                    out.flush();
                    return null;
                }));
        routes.add(json("GET", base + "/page", access, prefix + "Page",
                "Everything the user's own page shows for the period: totals with a by-day series, most watched items, "
                        + "libraries played in, plays by weekday and hour, completion, client types, opt-out state.",
                with(userParameter, PERIOD), UserPage.class, call -> {
                    Duration period = call.period("period");
                    call.audit("read user page", call.user(), "period=" + period);
                    return UserPages.load(call.user(), call.caller().admin(), period, call.analytics(), call.admin());
                }));
        routes.add(json("GET", base + "/year-in-review/{year}", access, prefix + "YearInReview",
                "The user's year in review (the configured zone's calendar year); 404 unless the user keeps their year.",
                with(userParameter, YEAR), YearInReview.class, call -> {
                    int year = call.year();
                    call.audit("read user year in review", call.user(), "year=" + year);
                    return call.analytics().getUserYearInReview(call.user(), year).orElseThrow(() -> new ApiException(404, null,
                            "user " + call.user() + " does not keep their year (PUT " + base + "/keep-year to start)"));
                }));
        routes.add(json("GET", base + "/keep-year", access, prefix + "KeepYear",
                "Whether a summary of the user's years is kept beyond the raw plays' retention (\"keep my year\").", userParameter,
                KeepYear.class, call -> {
                    call.audit("read keep-year", call.user(), "");
                    return new KeepYear(call.user(), call.admin().isKeepingYear(call.user()));
                }));
        routes.add(withBody(json("PUT", base + "/keep-year", access, "set" + Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1)
                        + "KeepYear", "Keeps a summary of the user's years (true) or deletes it at once (false).", userParameter,
                KeepYear.class, call -> {
                    boolean keep = call.bodyFlag();
                    call.audit(keep ? "keep user year" : "forget user year", call.user(), "");
                    call.admin().setKeepingYear(call.user(), keep);
                    return new KeepYear(call.user(), keep);
                }), new Route.Body("keep", "true to keep the user's years, false to delete them")));
        routes.add(json("GET", base + "/plays", access, prefix + "Plays",
                "A page of the user's plays started in [from, to), the latest first, of one library if given; the next "
                        + "page is asked for with before = the last play's startedAt.",
                with(userParameter, query("from", Type.FROM, "1970-01-01", "2026-01-01", "the first day (or instant), included"),
                        query("to", Type.TO, "9999-12-31", "2026-12-31", "the last day, included (or the instant, excluded)"),
                        query("library", Type.OPTIONAL_UUID, "", EXAMPLE_LIBRARY, "only this library's plays"),
                        query("before", Type.OPTIONAL_INSTANT, "", "2026-06-01T20:00:00Z", "only plays started before this instant"),
                        query("limit", Type.LIMIT, "50", "25", "how many plays at most")),
                listOf(PlayRecord.class), call -> {
                    call.audit("read play history", call.user(), "from=" + call.instant("from") + " to=" + call.instant("to"));
                    return call.analytics().getUserPlays(call.user(), call.instant("from"), call.instant("to"),
                            call.uuid("library"), call.instant("before"), call.limit());
                }));
        routes.add(json("GET", base + "/opt-out", access, prefix + "OptOut", "Whether the user is kept out of recording.",
                userParameter, OptOut.class, call -> {
                    call.audit("read opt-out", call.user(), "");
                    return new OptOut(call.user(), call.admin().isOptedOut(call.user()));
                }));
        routes.add(withBody(json("PUT", base + "/opt-out", access, "set" + Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1) + "OptOut",
                "Opts the user out of recording (true) or back in (false); what is stored stays until erased.", userParameter,
                OptOut.class, call -> {
                    boolean optedOut = call.bodyFlag();
                    call.audit(optedOut ? "opt user out" : "opt user in", call.user(), "");
                    call.auditedChange(optedOut ? "opt user out" : "opt user in", call.user(), () -> {
                        call.admin().setOptedOut(call.user(), optedOut);
                        return optedOut;
                    });
                    return new OptOut(call.user(), optedOut);
                }), new Route.Body("optedOut", "true to stop recording the user, false to record them again")));
    }

    private static Route json(String method, String path, Route.Access access, String operationId, String summary,
                              List<Parameter> parameters, java.lang.reflect.Type result, Route.Handler handler) {
        return new Route(method, path, access, operationId, summary, parameters, null, 200, result, Map.of(), handler);
    }

    private static Route stream(String method, String path, Route.Access access, String operationId, String summary,
                                List<Parameter> parameters, Map<String, String> mediaTypes, Route.Handler handler) {
        return new Route(method, path, access, operationId, summary, parameters, null, 200, null, mediaTypes, handler);
    }

    private static Route withBody(Route route, Route.Body body) {
        return new Route(route.method(), route.path(), route.access(), route.operationId(), route.summary(), route.parameters(),
                body, route.status(), route.result(), route.streams(), route.handler());
    }

    private static List<Parameter> with(List<Parameter> first, Parameter... more) {
        List<Parameter> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    static java.lang.reflect.Type listOf(Class<?> element) {
        return new ParameterizedType() {
            @Override
            public java.lang.reflect.Type[] getActualTypeArguments() {
                return new java.lang.reflect.Type[] {element};
            }

            @Override
            public java.lang.reflect.Type getRawType() {
                return List.class;
            }

            @Override
            public java.lang.reflect.Type getOwnerType() {
                return null;
            }
        };
    }

}
