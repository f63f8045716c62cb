package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.CatalogueNames;
import org.revenge.analytics.spi.MediaTitle;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;

/**
 * The HTTP API in plain Felix with felix http jetty (javax servlet, HTTP Whiteboard 1.1), called
 * over real HTTP. The host authenticates: the test registers its own ServletContextHelper doing
 * Basic against a fixed user table, setting the whiteboard's remote user and a UserAdmin
 * Authorization, and configures the API to run in it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpApiIT {

    private static final String BASE = "/analytics/api/v1";

    /** An admin with no user id of its own. */
    private static final String ADMIN = "root";
    /** A plain user mapped to ALICE through the API's configuration. */
    private static final String ALICE_LOGIN = "alice";
    private static final UUID ALICE = UUID.fromString("0a11ce00-0000-4000-8000-000000000001");
    /** A plain user whose login is their user id. */
    private static final UUID BOB = UUID.fromString("0b0b0000-0000-4000-8000-000000000002");
    private static final UUID CAROL = UUID.fromString("0ca20100-0000-4000-8000-000000000003");
    private static final UUID LIBRARY = UUID.fromString("11b00000-0000-4000-8000-000000000004");
    private static final UUID MOVIE = UUID.fromString("00e00000-0000-4000-8000-000000000005");
    private static final UUID SONG = UUID.fromString("00e00000-0000-4000-8000-000000000006");
    /** A host login named after alice's id, which user.ids maps to the login "alice": it must not be alice. */
    private static final String ALICE_ID_LOGIN = ALICE.toString();
    private static final Map<String, String> PASSWORDS = Map.of(ADMIN, "root-secret", ALICE_LOGIN, "alice-secret",
            BOB.toString(), "bob-secret", ALICE_ID_LOGIN, "shadow-secret");
    private static final Map<String, Set<String>> ROLES = Map.of(ADMIN, Set.of("admin"), ALICE_LOGIN, Set.of("viewer"),
            BOB.toString(), Set.of(), ALICE_ID_LOGIN, Set.of());

    private static boolean seeded;

    @Inject
    private BundleContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        // a fixed port outside the ephemeral range: a free one chosen from that range could be taken before Jetty binds it
        return FelixHost.withAnalyticsAdmin("http-api", 28301);
    }

    /** An endpoint: how the document names it, who may call it, a good call and a bad one. */
    private record Endpoint(String method, String template, Access access, String call, String body,
                            String badCall, String badBody, String badField) {
        String key() {
            return method + " " + template;
        }
    }

    private enum Access { ANY, SELF, ADMIN }

    private static final String FROM = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    private static final String TO = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/openapi.json", Access.ANY, "/openapi.json", null, "/openapi.json?x=1", null, "x"),
            new Endpoint("GET", "/me", Access.ANY, "/me", null, "/me?user=" + BOB, null, "user"),
            new Endpoint("GET", "/me/stats", Access.SELF, "/me/stats?period=P7D", null, "/me/stats?period=P1M", null, "period"),
            new Endpoint("GET", "/me/recently-watched", Access.SELF, "/me/recently-watched?limit=5", null, "/me/recently-watched?limit=0", null, "limit"),
            new Endpoint("GET", "/me/history", Access.SELF, "/me/history?limit=50", null, "/me/history?limit=1001", null, "limit"),
            new Endpoint("GET", "/me/export", Access.SELF, "/me/export", null, "/me/export?userId=" + BOB, null, "userId"),
            new Endpoint("GET", "/me/opt-out", Access.SELF, "/me/opt-out", null, "/me/opt-out?userId=" + BOB, null, "userId"),
            new Endpoint("PUT", "/me/opt-out", Access.SELF, "/me/opt-out", "{\"optedOut\": false}", "/me/opt-out", "{\"optedOut\": \"no\"}", "optedOut"),
            new Endpoint("GET", "/me/page", Access.SELF, "/me/page?period=P7D", null, "/me/page?period=P0D", null, "period"),
            new Endpoint("GET", "/me/plays", Access.SELF, "/me/plays?from=" + FROM + "&limit=5", null, "/me/plays?before=yesterday", null, "before"),
            new Endpoint("GET", "/users/{userId}/page", Access.ADMIN, "/users/" + ALICE + "/page?period=all", null,
                    "/users/" + ALICE + "/page?limit=5", null, "limit"),
            new Endpoint("GET", "/users/{userId}/plays", Access.ADMIN, "/users/" + ALICE + "/plays?library=" + LIBRARY, null,
                    "/users/" + ALICE + "/plays?library=movies", null, "library"),
            new Endpoint("GET", "/me/year-in-review/{year}", Access.SELF, "/me/year-in-review/2026", null, "/me/year-in-review/26", null, "year"),
            new Endpoint("GET", "/me/keep-year", Access.SELF, "/me/keep-year", null, "/me/keep-year?year=2026", null, "year"),
            new Endpoint("PUT", "/me/keep-year", Access.SELF, "/me/keep-year", "{\"keep\": true}", "/me/keep-year", "{\"keep\": 1}", "keep"),
            new Endpoint("GET", "/users/{userId}/year-in-review/{year}", Access.ADMIN, "/users/" + ALICE + "/year-in-review/2026", null,
                    "/users/" + ALICE + "/year-in-review/twenty", null, "year"),
            new Endpoint("GET", "/users/{userId}/keep-year", Access.ADMIN, "/users/" + ALICE + "/keep-year", null,
                    "/users/" + ALICE + "/keep-year?keep=true", null, "keep"),
            new Endpoint("PUT", "/users/{userId}/keep-year", Access.ADMIN, "/users/" + ALICE + "/keep-year", "{\"keep\":true}",
                    "/users/" + ALICE + "/keep-year", "{}", "keep"),
            new Endpoint("GET", "/year-in-review/{year}", Access.ADMIN, "/year-in-review/2026", null, "/year-in-review/1969", null, "year"),
            new Endpoint("GET", "/users/{userId}/stats", Access.ADMIN, "/users/" + ALICE + "/stats?period=P7D", null, "/users/not-a-uuid/stats", null, "userId"),
            new Endpoint("GET", "/users/{userId}/recently-watched", Access.ADMIN, "/users/" + ALICE + "/recently-watched?limit=10", null,
                    "/users/" + ALICE + "/recently-watched?limit=ten", null, "limit"),
            new Endpoint("GET", "/users/{userId}/history", Access.ADMIN, "/users/" + ALICE + "/history", null,
                    "/users/" + ALICE + "/history?limit=-1", null, "limit"),
            new Endpoint("GET", "/users/{userId}/export", Access.ADMIN, "/users/" + ALICE + "/export", null,
                    "/users/0a11ce00-0000-4000-8000-00000000000/export", null, "userId"),
            new Endpoint("GET", "/users/{userId}/opt-out", Access.ADMIN, "/users/" + ALICE + "/opt-out", null,
                    "/users/" + ALICE.toString().replace('-', '_') + "/opt-out", null, "userId"),
            new Endpoint("PUT", "/users/{userId}/opt-out", Access.ADMIN, "/users/" + ALICE + "/opt-out", "{\"optedOut\":false}",
                    "/users/" + ALICE + "/opt-out", "{\"optedOut\":false, \"more\":1}", "optedOut"),
            new Endpoint("DELETE", "/users/{userId}", Access.ADMIN, "/users/" + UUID.randomUUID(), null, "/users/x", null, "userId"),
            new Endpoint("GET", "/opt-outs", Access.ADMIN, "/opt-outs", null, "/opt-outs?limit=5", null, "limit"),
            new Endpoint("GET", "/libraries", Access.ADMIN, "/libraries", null, "/libraries?period=P7D", null, "period"),
            new Endpoint("GET", "/libraries/{libraryId}", Access.ADMIN, "/libraries/" + LIBRARY, null, "/libraries/" + LIBRARY + "x", null, "libraryId"),
            new Endpoint("GET", "/libraries/{libraryId}/most-watched", Access.ADMIN, "/libraries/" + LIBRARY + "/most-watched?period=P7D&limit=5", null,
                    "/libraries/" + LIBRARY + "/most-watched?period=PT59M", null, "period"),
            new Endpoint("GET", "/libraries/{libraryId}/most-popular", Access.ADMIN, "/libraries/" + LIBRARY + "/most-popular?period=all", null,
                    "/libraries/" + LIBRARY + "/most-popular?period=P36526D", null, "period"),
            new Endpoint("GET", "/libraries/{libraryId}/items/{mediaId}", Access.ADMIN, "/libraries/" + LIBRARY + "/items/" + MOVIE
                    + "?period=P7D", null, "/libraries/" + LIBRARY + "/items/" + MOVIE + "?period=PT2H", null, "period"),
            new Endpoint("GET", "/libraries/{libraryId}/trending", Access.ADMIN, "/libraries/" + LIBRARY + "/trending?limit=3", null,
                    "/libraries/" + LIBRARY + "/trending?period=P7D", null, "period"),
            new Endpoint("GET", "/system", Access.ADMIN, "/system", null, "/system?verbose=true", null, "verbose"),
            new Endpoint("GET", "/active-users", Access.ADMIN, "/active-users?since=P1D", null, "/active-users?since=yesterday", null, "since"),
            new Endpoint("GET", "/plays/by-day", Access.ADMIN, "/plays/by-day?period=P7D", null, "/plays/by-day?period=P401D", null, "period"),
            new Endpoint("GET", "/plays/by-weekday-hour", Access.ADMIN, "/plays/by-weekday-hour?period=P7D", null,
                    "/plays/by-weekday-hour?period=P7D&period=P8D", null, "period"),
            new Endpoint("GET", "/plays/client-types", Access.ADMIN, "/plays/client-types?period=P7D", null, "/plays/client-types?period=", null, "period"),
            new Endpoint("GET", "/plays/play-methods", Access.ADMIN, "/plays/play-methods?period=P7D", null, "/plays/play-methods?period=P1M",
                    null, "period"),
            new Endpoint("GET", "/plays/peak-streams", Access.ADMIN, "/plays/peak-streams?period=P2D", null,
                    "/plays/peak-streams?period=P401D", null, "period"),
            new Endpoint("GET", "/system/metrics", Access.ADMIN, "/system/metrics?period=P7D", null, "/system/metrics?period=PT5M", null,
                    "period"),
            new Endpoint("GET", "/plays/completion-rates", Access.ADMIN, "/plays/completion-rates", null,
                    "/plays/completion-rates?period=-P7D", null, "period"),
            new Endpoint("GET", "/plays/export", Access.ADMIN, "/plays/export?from=" + FROM + "&to=" + TO + "&format=csv", null,
                    "/plays/export?from=" + TO + "&to=" + FROM, null, "to"),
            new Endpoint("POST", "/imports", Access.ADMIN, "/imports?source=revenge&fileName=plays.json", "[]",
                    "/imports?source=plex", "[]", "source"),
            new Endpoint("GET", "/imports/runs/{runId}", Access.ADMIN, "/imports/runs/1", null, "/imports/runs/first", null, "runId"),
            new Endpoint("GET", "/imports", Access.ADMIN, "/imports?limit=5", null, "/imports?limit=0", null, "limit"),
            new Endpoint("GET", "/quarantine", Access.ADMIN, "/quarantine?limit=5", null, "/quarantine?limit=0", null, "limit"),
            new Endpoint("POST", "/quarantine/{id}/redrive", Access.ADMIN, "/quarantine/42/redrive", null,
                    "/quarantine/first/redrive", null, "id"),
            new Endpoint("DELETE", "/quarantine/{id}", Access.ADMIN, "/quarantine/42", null, "/quarantine/first", null, "id"),
            new Endpoint("GET", "/jobs", Access.ADMIN, "/jobs?limit=20", null, "/jobs?limit=1.5", null, "limit"),
            new Endpoint("GET", "/jobs/kinds", Access.ADMIN, "/jobs/kinds", null, "/jobs/kinds?all=1", null, "all"),
            new Endpoint("POST", "/jobs/{kind}/runs", Access.ADMIN, "/jobs/analytics.partitions/runs", null, "/jobs/analytics.nothing/runs", null, "kind"),
            new Endpoint("GET", "/enabled", Access.ADMIN, "/enabled", null, "/enabled?enabled=false", null, "enabled"),
            new Endpoint("PUT", "/enabled", Access.ADMIN, "/enabled", "{\"enabled\": true}", "/enabled", "true", "enabled"),
            new Endpoint("GET", "/metrics", Access.ADMIN, "/metrics", null, "/metrics?format=json", null, "format"));

    @Before
    public void hostAuthenticatesAndTheApiRunsInItsContext() throws Exception {
        Plugin plugin = new Plugin(context);
        if (!seeded) {
            plugin.configureTestDatabase();
            HostLogins.register(context, PASSWORDS, ROLES, Map.of("user.ids", new String[] {ALICE_LOGIN + "=" + ALICE},
                    "metrics.enabled", true));
            seed(plugin.awaitService(AnalyticsService.class));
            // ALICE keeps her year, so her year in review answers
            plugin.awaitService(AnalyticsAdmin.class).setKeepingYear(ALICE, true);
            seeded = true;
        }
        await().atMost(Plugin.STARTUP).until(() -> get(ADMIN, "/system").statusCode() == 200);
    }

    /** Two plays of ALICE and one of BOB and of CAROL in LIBRARY, in the last hours; a scan of LIBRARY. */
    private static void seed(AnalyticsService analytics) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        analytics.recordPlayback(new PlaybackEvent(UUID.randomUUID(), ALICE, MOVIE, LIBRARY, MediaType.MOVIE,
                now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(1)), 6000, true, "web"));
        analytics.recordPlayback(new PlaybackEvent(UUID.randomUUID(), ALICE, SONG, LIBRARY, MediaType.TRACK,
                now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(46)), 200, false, "android", PlayMethod.DIRECT_PLAY));
        analytics.recordPlayback(new PlaybackEvent(UUID.randomUUID(), BOB, MOVIE, LIBRARY, MediaType.MOVIE,
                now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(30)), 5000, false, "web", PlayMethod.TRANSCODE));
        analytics.recordPlayback(new PlaybackEvent(UUID.randomUUID(), CAROL, SONG, LIBRARY, MediaType.TRACK,
                now.minus(Duration.ofMinutes(40)), now.minus(Duration.ofMinutes(37)), 180, true, "ios"));
        analytics.recordLibraryScan(LIBRARY, new ScanStats(120, 5_000_000_000L, 3, 1, 7, now.minus(Duration.ofMinutes(10))));
        await().atMost(Plugin.STARTUP).until(() -> analytics.getRecentlyWatched(ALICE, 10).size() == 2
                && analytics.getRecentlyWatched(BOB, 10).size() == 1 && analytics.getRecentlyWatched(CAROL, 10).size() == 1
                && analytics.getLibraryStats(LIBRARY).isPresent());
    }

    // ---- the document and the route table

    @Test
    public void theOpenApiDocumentDescribesExactlyTheEndpointsThisTestCovers() throws Exception {
        Map<String, Object> document = Json.object(get(ADMIN, "/openapi.json").body());
        assertThat(document.get("openapi")).isEqualTo("3.0.3");
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
            for (String method : map(path.getValue()).keySet()) {
                documented.add(method.toUpperCase() + " " + path.getKey());
            }
        }
        Set<String> tested = new TreeSet<>();
        ENDPOINTS.forEach(endpoint -> tested.add(endpoint.key()));
        assertThat(documented).isEqualTo(tested);
    }

    /**
     * Every operation of the served document, called with the document's own examples (but the
     * seeded library for {@code {libraryId}}, since an unscanned library is a documented 404),
     * answers with success.
     */
    @Test
    public void everyDocumentedOperationAnswers() throws Exception {
        Map<String, Object> document = Json.object(get(ADMIN, "/openapi.json").body());
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
            for (Map.Entry<String, Object> entry : map(path.getValue()).entrySet()) {
                Map<String, Object> operation = map(entry.getValue());
                String target = path.getKey();
                StringBuilder query = new StringBuilder();
                for (Object item : (List<?>) operation.getOrDefault("parameters", List.of())) {
                    Map<String, Object> parameter = map(item);
                    // the seeded library, and Alice, who keeps her year (but never erased: DELETE takes the example)
                    String example = "libraryId".equals(parameter.get("name")) ? LIBRARY.toString()
                            : "userId".equals(parameter.get("name")) && !"delete".equals(entry.getKey()) ? ALICE.toString()
                            : (String) parameter.get("example");
                    if ("path".equals(parameter.get("in"))) {
                        target = target.replace("{" + parameter.get("name") + "}", example);
                    } else {
                        query.append(query.length() == 0 ? "?" : "&").append(parameter.get("name")).append('=').append(example);
                    }
                }
                String body = null;
                if (operation.containsKey("requestBody")
                        && map(map(operation.get("requestBody")).get("content")).containsKey("application/octet-stream")) {
                    // an uploaded file: an empty Revenge export, which imports nothing
                    body = "[]";
                } else if (operation.containsKey("requestBody")) {
                    Map<String, Object> schema = map(map(map(map(map(operation.get("requestBody")).get("content"))
                            .get("application/json")).get("schema")).get("properties"));
                    // the value that leaves the state as the tests expect it
                    body = "{\"" + schema.keySet().iterator().next() + "\": " + (target.equals("/enabled") || target.endsWith("/keep-year")) + "}";
                }
                boolean self = ((List<?>) operation.get("tags")).contains("self");
                HttpResponse<String> answer = call(entry.getKey().toUpperCase(), self ? ALICE_LOGIN : ADMIN, target + query, body);
                // nothing is in quarantine here: the example entry is refused naming its id, as documented
                boolean noSuchEntry = target.startsWith("/quarantine/") && answer.statusCode() == 400
                        && "id".equals(Json.object(answer.body()).get("field"));
                if (answer.statusCode() / 100 != 2 && !noSuchEntry) {
                    failures.add(entry.getKey().toUpperCase() + " " + target + query + " -> " + answer.statusCode() + " " + answer.body());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    // ---- the metrics for a scraper

    @Test
    public void theMetricsEndpointServesTheSystemFiguresAsPrometheusText() throws Exception {
        HttpResponse<String> answer = get(ADMIN, "/metrics");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        String text = answer.body();
        assertThat(text).contains("# TYPE revenge_analytics_events_accepted_total counter\n",
                "revenge_analytics_recording_enabled 1\n",
                "revenge_analytics_plays_queued ", "revenge_analytics_ingest_lag_seconds ",
                "revenge_analytics_job_last_run{kind=\"analytics.");
        // the four seeded plays, at least, were accepted and written (other tests add more in between)
        assertThat(sample(text, "revenge_analytics_events_accepted_total")).isGreaterThanOrEqualTo(4);
        assertThat(sample(text, "revenge_analytics_plays_written_total")).isGreaterThanOrEqualTo(4);
        // admin only
        assertThat(get(ALICE_LOGIN, "/metrics").statusCode()).isEqualTo(403);
    }

    private static long sample(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no sample " + name + " in\n" + text);
    }

    // ---- refusals, for every endpoint

    @Test
    public void everyEndpointRefusesAnAnonymousCaller() throws Exception {
        for (Endpoint endpoint : ENDPOINTS) {
            HttpResponse<String> answer = call(endpoint.method(), null, endpoint.call(), endpoint.body());
            assertThat(answer.statusCode()).as(endpoint.key()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(endpoint.key()).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic realm="));
            assertError(endpoint.key(), answer, 401, null);
        }
    }

    @Test
    public void everyEndpointRefusesWrongCredentials() throws Exception {
        for (Endpoint endpoint : ENDPOINTS) {
            HttpResponse<String> answer = send(endpoint.method(), endpoint.call(), endpoint.body(), ALICE_LOGIN, "wrong");
            assertThat(answer.statusCode()).as(endpoint.key()).isEqualTo(401);
            HttpResponse<String> unknown = send(endpoint.method(), endpoint.call(), endpoint.body(), "mallory", "root-secret");
            assertThat(unknown.statusCode()).as(endpoint.key()).isEqualTo(401);
        }
    }

    @Test
    public void aPlainUserReachesNoAdminEndpointNorAnotherUsersData() throws Exception {
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint.access() != Access.ADMIN) {
                continue;
            }
            String asBob = endpoint.call().replace(BOB.toString(), ALICE.toString());
            for (String login : List.of(ALICE_LOGIN, BOB.toString())) {
                HttpResponse<String> answer = call(endpoint.method(), login, asBob, endpoint.body());
                assertError(endpoint.key() + " as " + login, answer, 403, null);
            }
        }
        // not even about themself through the admin path
        assertError("own id via /users", get(ALICE_LOGIN, "/users/" + ALICE + "/stats"), 403, null);
        // and /me is only ever the caller: no parameter can name someone else
        assertError("/me/stats naming bob", get(ALICE_LOGIN, "/me/stats?userId=" + BOB), 400, "userId");
    }

    @Test
    public void theAdminWithoutAUserIdHasNoMe() throws Exception {
        assertError("admin /me/stats", get(ADMIN, "/me/stats"), 403, null);
        Map<String, Object> me = Json.object(get(ADMIN, "/me").body());
        assertThat(me).containsEntry("login", ADMIN).containsEntry("admin", true).containsEntry("userId", null);
    }

    @Test
    public void everyEndpointRefusesABadParameterNamingIt() throws Exception {
        for (Endpoint endpoint : ENDPOINTS) {
            String login = endpoint.access() == Access.SELF ? ALICE_LOGIN : ADMIN;
            HttpResponse<String> answer = call(endpoint.method(), login, endpoint.badCall(),
                    endpoint.badBody() != null ? endpoint.badBody() : endpoint.body());
            assertError(endpoint.key() + " " + endpoint.badCall(), answer, 400, endpoint.badField());
        }
    }

    @Test
    public void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertError("unknown", get(ADMIN, "/nothing/here"), 404, null);
        HttpResponse<String> wrongMethod = call("POST", ADMIN, "/system", null);
        assertError("POST /system", wrongMethod, 405, null);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    }

    // ---- imports

    /**
     * An upload followed to its report. A dry run, so the seeded figures the other tests count stay
     * as they are; ShellCommandsIT imports for real, twice, and HistoryImportTest covers the rest.
     */
    @Test
    public void anUploadedExportIsCountedAndFollowedToItsReport() throws Exception {
        UUID user = UUID.fromString("0d00d000-0000-4000-8000-000000000007");
        Instant started = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        String export = "[{\"userId\":\"" + user + "\",\"startedAt\":\"" + started + "\",\"endedAt\":\"" + started.plusSeconds(4000)
                + "\",\"mediaId\":\"" + MOVIE + "\",\"libraryId\":\"" + LIBRARY + "\",\"mediaType\":\"movie\",\"clientType\":\"web\","
                + "\"durationSec\":3900,\"completed\":true}]";
        HttpResponse<String> accepted = call("POST", ADMIN, "/imports?source=revenge&fileName=moved.json&dryRun=true", export);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String run = "/imports/runs/" + Math.round((Double) Json.object(accepted.body()).get("id"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(Json.object(get(ADMIN, run).body()).get("state")));
        Map<String, Object> done = Json.object(get(ADMIN, run).body());
        assertThat(done).as(done.toString()).containsEntry("state", "dry-run").containsEntry("rows", 1.0);
        assertThat(map(done.get("report"))).containsEntry("fileName", "moved.json").containsEntry("source", "revenge")
                .containsEntry("plays", 1.0).containsEntry("completedPlays", 1.0).containsEntry("watchTimeSec", 3900.0);
        assertThat(Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isZero();
        assertThat(get(ADMIN, "/imports?limit=5").statusCode()).isEqualTo(200);
        assertError("unknown run", get(ADMIN, "/imports/runs/999999"), 404, "runId");
    }

    // ---- happy paths of the queries, against what was recorded

    @Test
    public void rankingsCountTheRecordedPlays() throws Exception {
        Map<String, Object> watched = Json.object(get(ADMIN, "/libraries/" + LIBRARY + "/most-watched?period=P7D&limit=5").body());
        assertThat(watched).containsEntry("libraryId", LIBRARY.toString()).containsEntry("rankedBy", "plays");
        List<Object> items = list(watched.get("items"));
        assertThat(items).hasSize(2);
        assertThat(map(items.get(0))).containsEntry("mediaId", MOVIE.toString()).containsEntry("plays", 2.0)
                .containsEntry("distinctUsers", 2.0).containsEntry("mediaType", "movie");
        Map<String, Object> popular = Json.object(get(ADMIN, "/libraries/" + LIBRARY + "/most-popular?period=all&limit=1").body());
        assertThat(list(popular.get("items"))).singleElement().satisfies(item -> assertThat(map(item)).containsEntry("distinctUsers", 2.0));
        // trending is read from the trending job's count (every 5 minutes): count it again now, with the plays above
        assertThat(call("POST", ADMIN, "/jobs/analytics.trending/runs", null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> list(Json.object(get(ADMIN, "/libraries/" + LIBRARY + "/trending").body())
                .get("items")).size() == 2);
        Map<String, Object> trending = Json.object(get(ADMIN, "/libraries/" + LIBRARY + "/trending").body());
        assertThat(trending).containsEntry("rankedBy", "trending");
        assertThat(list(trending.get("items"))).extracting(item -> map(item).get("mediaId"))
                .containsExactlyInAnyOrder(MOVIE.toString(), SONG.toString());
        Map<String, Object> movie = Json.object(get(ADMIN, "/libraries/" + LIBRARY + "/items/" + MOVIE + "?period=P7D").body());
        assertThat(movie).containsEntry("mediaId", MOVIE.toString()).containsEntry("plays", 2.0).containsEntry("distinctUsers", 2.0)
                .containsEntry("completedPlays", 1.0).containsEntry("watchTimeSec", 11_000.0).containsKey("title");
        // both plays on one day, or one on each side of midnight
        assertThat(list(movie.get("days")).stream().mapToDouble(day -> (Double) map(day).get("plays")).sum()).isEqualTo(2.0);
    }

    /** The host names the movie, the library and alice through its CatalogueNames service; the song and bob it does not know. */
    @Test
    public void idsAreNamedAsTheHostNamesThemAndShortenedWhereItDoesNot() throws Exception {
        ServiceRegistration<CatalogueNames> host = context.registerService(CatalogueNames.class, new CatalogueNames() {
            @Override
            public Optional<MediaTitle> mediaTitle(UUID mediaId) {
                return mediaId.equals(MOVIE) ? Optional.of(MediaTitle.of("The Golden Orchard", 2004)) : Optional.empty();
            }

            @Override
            public Optional<String> libraryName(UUID libraryId) {
                return libraryId.equals(LIBRARY) ? Optional.of("Movies and Music") : Optional.empty();
            }

            @Override
            public Optional<String> userDisplayName(UUID userId) {
                return userId.equals(ALICE) ? Optional.of("Alice Liddell") : Optional.empty();
            }
        }, null);
        try {
            Map<String, Object> watched = Json.object(get(ADMIN, "/libraries/" + LIBRARY + "/most-watched?period=P7D").body());
            assertThat(watched).containsEntry("libraryName", "Movies and Music");
            assertThat(list(watched.get("items"))).extracting(item -> map(item).get("title"))
                    .containsExactly("The Golden Orchard (2004)", SONG.toString().substring(0, 8));
            assertThat(Json.object(get(ADMIN, "/users/" + ALICE + "/stats").body())).containsEntry("userName", "Alice Liddell");
            assertThat(Json.object(get(BOB.toString(), "/me/stats").body())).containsEntry("userName", BOB.toString().substring(0, 8));
            assertThat(get(ADMIN, "/plays/export?from=" + FROM + "&to=" + TO + "&format=csv").body())
                    .contains(",Alice Liddell,The Golden Orchard (2004),Movies and Music");
            Map<String, Object> schemas = map(map(Json.object(get(ADMIN, "/openapi.json").body()).get("components")).get("schemas"));
            assertThat(map(map(schemas.get("MediaStats")).get("properties"))).containsKeys("mediaId", "title", "libraryId", "libraryName");
        } finally {
            host.unregister();
        }
        assertThat(Json.object(get(ADMIN, "/libraries/" + LIBRARY + "/most-watched?period=P7D").body()))
                .as("once the host's service is gone, short ids").containsEntry("libraryName", LIBRARY.toString().substring(0, 8));
    }

    @Test
    public void libraryStatsComeFromTheScanAndAnUnscannedLibraryIs404() throws Exception {
        Map<String, Object> stats = Json.object(get(ADMIN, "/libraries/" + LIBRARY).body());
        assertThat(stats).containsEntry("totalItems", 120.0).containsEntry("missingMetadata", 3.0).containsEntry("orphanedFiles", 1.0);
        assertError("unscanned", get(ADMIN, "/libraries/" + UUID.randomUUID()), 404, "libraryId");
    }

    @Test
    public void aUsersFiguresAreTheSameForTheAdminAndForThemself() throws Exception {
        Map<String, Object> byAdmin = Json.object(get(ADMIN, "/users/" + ALICE + "/stats?period=P7D").body());
        assertThat(byAdmin).containsEntry("userId", ALICE.toString()).containsEntry("plays", 2.0)
                .containsEntry("completedPlays", 1.0).containsEntry("watchTimeSec", 6200.0).containsEntry("uniqueItems", 2.0);
        Map<String, Object> bySelf = Json.object(get(ALICE_LOGIN, "/me/stats?period=P7D").body());
        assertThat(bySelf).containsEntry("userId", ALICE.toString()).containsEntry("plays", 2.0).containsEntry("watchTimeSec", 6200.0);
        // bob's login is his id
        assertThat(Json.object(get(BOB.toString(), "/me/stats").body())).containsEntry("userId", BOB.toString()).containsEntry("plays", 1.0);

        List<Object> recent = Json.array(get(ALICE_LOGIN, "/me/recently-watched").body());
        assertThat(recent).extracting(item -> map(item).get("mediaId")).containsExactly(SONG.toString(), MOVIE.toString());
        assertThat(Json.array(get(ADMIN, "/users/" + ALICE + "/recently-watched?limit=1").body()))
                .extracting(item -> map(item).get("mediaId")).containsExactly(SONG.toString());
    }

    @Test
    public void anAdminsReadOfAUsersDataIsAudited() throws Exception {
        UUID someone = UUID.randomUUID();
        assertThat(get(ADMIN, "/users/" + someone + "/stats?period=P30D").statusCode()).isEqualTo(200);
        assertThat(Plugin.log()).contains("org.revenge.analytics.audit - read user stats by '" + ADMIN + "' (admin) user=" + someone);
        assertThat(get(ALICE_LOGIN, "/users/" + someone + "/recently-watched").statusCode()).isEqualTo(403);
        assertThat(Plugin.log()).doesNotContain("read recently watched by '" + ALICE_LOGIN);
    }

    @Test
    public void everyExportAndEveryListingOfUserIdsIsAudited() throws Exception {
        assertThat(get(BOB.toString(), "/me/export").statusCode()).isEqualTo(200);
        assertThat(get(ADMIN, "/opt-outs").statusCode()).isEqualTo(200);
        assertThat(get(ADMIN, "/active-users").statusCode()).isEqualTo(200);
        assertThat(Plugin.log()).contains("org.revenge.analytics.audit - export user by '" + BOB + "' user=" + BOB)
                .contains("org.revenge.analytics.audit - list opted-out users by '" + ADMIN + "' (admin) user=all")
                .contains("org.revenge.analytics.audit - list active users by '" + ADMIN + "' (admin) user=all");
    }

    @Test
    public void aCrossSiteFormPostIsRefusedNamingTheReason() throws Exception {
        String runs = "/jobs/analytics.partitions/runs";
        String password = PASSWORDS.get(ADMIN);
        HttpResponse<String> browser = send("POST", runs, "kind=x", ADMIN, password, Map.of("Content-Type",
                "application/x-www-form-urlencoded", "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"));
        assertError("a form post from another site", browser, 403, "Sec-Fetch-Site");
        assertThat(Json.object(browser.body()).get("reason")).asString().startsWith("cross-site request refused");
        assertError("an older browser's form post from another site", send("POST", runs, "kind=x", ADMIN, password,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", "http://evil.example")), 403, "Origin");
        assertError("a form post that says nothing of where it came from", send("POST", runs, "x", ADMIN, password,
                Map.of("Content-Type", "text/plain")), 403, "Content-Type");
        assertError("an erasure from another site", send("DELETE", "/users/" + UUID.randomUUID(), null, ADMIN, password,
                Map.of("Sec-Fetch-Site", "cross-site")), 403, "Sec-Fetch-Site");
        // a script, and this server's own pages, go on
        await("recording enabled, so jobs may run").atMost(Plugin.STARTUP).until(() -> call("POST", ADMIN, runs, null).statusCode() == 202);
        assertThat(send("POST", runs, null, ADMIN, password, Map.of("Origin", "http://127.0.0.1:" + System.getProperty(
                FelixHost.HTTP_PORT), "Sec-Fetch-Site", "same-origin")).statusCode()).isEqualTo(202);
    }

    @Test
    public void aLoginNamedAfterAMappedUsersIdIsNobody() throws Exception {
        assertThat(Json.object(get(ALICE_ID_LOGIN, "/me").body())).containsEntry("userId", null);
        assertError("/me of a login named after alice's id", get(ALICE_ID_LOGIN, "/me/stats"), 403, null);
        assertThat(Json.object(get(ALICE_LOGIN, "/me").body())).containsEntry("userId", ALICE.toString());
    }

    @Test
    public void systemFiguresAndBreakdowns() throws Exception {
        Map<String, Object> system = Json.object(get(ADMIN, "/system").body());
        assertThat((Double) system.get("users")).isGreaterThanOrEqualTo(3.0);
        assertThat(map(system.get("ingest"))).containsKey("accepted");
        assertThat(Json.array(get(ADMIN, "/active-users?since=P1D").body())).extracting(item -> map(item).get("userId"))
                .contains(ALICE.toString(), BOB.toString(), CAROL.toString());
        List<Object> days = Json.array(get(ADMIN, "/plays/by-day?period=P7D").body());
        assertThat(days).hasSize(7);
        assertThat(days.stream().mapToDouble(day -> (Double) map(day).get("plays")).sum()).isEqualTo(4.0);
        assertThat(Json.array(get(ADMIN, "/plays/by-weekday-hour?period=P7D").body()).stream()
                .mapToDouble(cell -> (Double) map(cell).get("plays")).sum()).isEqualTo(4.0);
        assertThat(Json.array(get(ADMIN, "/plays/client-types?period=P7D").body())).extracting(item -> map(item).get("clientType"))
                .containsExactly("web", "android", "ios");
        assertThat(Json.array(get(ADMIN, "/plays/play-methods?period=P7D").body()))
                .extracting(item -> map(item).get("playMethod") + "=" + map(item).get("plays"))
                .containsExactly("unknown=2.0", "direct-play=1.0", "transcode=1.0");
        // ALICE's film and BOB's overlap, then BOB's and either song: never three at once
        assertThat(Json.array(get(ADMIN, "/plays/peak-streams?period=P2D").body()).stream()
                .mapToDouble(day -> (Double) map(day).get("streams")).max().getAsDouble()).isEqualTo(2.0);
        List<Object> rates = Json.array(get(ADMIN, "/plays/completion-rates?period=P7D").body());
        assertThat(map(rates.get(0))).containsEntry("mediaType", null).containsEntry("plays", 4.0).containsEntry("completedPlays", 2.0);
        assertThat(Json.array(get(ADMIN, "/jobs?limit=5").body()).size()).isLessThanOrEqualTo(5);
        // the plugin samples its metrics once a minute (metrics.sample.sec)
        await().atMost(Duration.ofSeconds(90)).until(() -> !Json.array(get(ADMIN, "/system/metrics?period=PT24H").body()).isEmpty());
        assertThat(Json.array(get(ADMIN, "/system/metrics?period=PT24H").body())).map(hour -> map(hour).get("metric"))
                .contains("jvm.heap.used.bytes", "db.size.bytes", "ingest.written.total");
    }

    // ---- the admin service's endpoints

    @Test
    public void historyAndExportsOfAUser() throws Exception {
        List<Object> history = Json.array(get(ALICE_LOGIN, "/me/history").body());
        assertThat(history).extracting(play -> map(play).get("mediaId")).containsExactly(SONG.toString(), MOVIE.toString());
        assertThat(Json.array(get(ADMIN, "/users/" + BOB + "/history?limit=10").body())).singleElement()
                .satisfies(play -> assertThat(map(play)).containsEntry("userId", BOB.toString()));
        HttpResponse<String> export = get(ADMIN, "/users/" + ALICE + "/export");
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(Json.parse(export.body()).toString()).contains(ALICE.toString()).contains(MOVIE.toString()).doesNotContain(BOB.toString());
        assertThat(Json.parse(get(ALICE_LOGIN, "/me/export").body()).toString()).contains(SONG.toString()).doesNotContain(BOB.toString());
        assertThat(Plugin.log()).contains("export user by '" + ADMIN + "' (admin) user=" + ALICE);
    }

    @Test
    public void playbackHistoryExportsAsCsvAndJsonForADateRange() throws Exception {
        HttpResponse<String> csv = get(ADMIN, "/plays/export?from=" + FROM + "&to=" + TO + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        String[] lines = csv.body().strip().split("\r?\n");
        assertThat(lines.length).isGreaterThanOrEqualTo(5); // a header and the four plays
        assertThat(csv.body()).contains(ALICE.toString(), BOB.toString(), CAROL.toString());
        Object json = Json.parse(get(ADMIN, "/plays/export?from=" + FROM + "&to=" + TO + "&format=json").body());
        assertThat(json.toString()).contains(ALICE.toString(), CAROL.toString());
        // a range before the plays holds none of them
        String before = get(ADMIN, "/plays/export?from=2020-01-01&to=2020-01-02&format=csv").body();
        assertThat(before).doesNotContain(ALICE.toString());
        assertError("format", get(ADMIN, "/plays/export?from=" + FROM + "&to=" + TO + "&format=xml"), 400, "format");
        assertError("from", get(ADMIN, "/plays/export?from=2026-13-01"), 400, "from");
        assertError("no from", get(ADMIN, "/plays/export?to=" + TO), 400, "from");
    }

    @Test
    public void optingOutAndBackIn() throws Exception {
        UUID dave = UUID.randomUUID();
        assertThat(Json.object(call("PUT", ADMIN, "/users/" + dave + "/opt-out", "{\"optedOut\": true}").body()))
                .containsEntry("optedOut", true);
        assertThat(Json.object(get(ADMIN, "/users/" + dave + "/opt-out").body())).containsEntry("optedOut", true);
        assertThat(list(Json.object(get(ADMIN, "/opt-outs").body()).get("users"))).contains(dave.toString());
        assertThat(Json.object(call("PUT", BOB.toString(), "/me/opt-out", "{\"optedOut\": true}").body()))
                .containsEntry("userId", BOB.toString()).containsEntry("optedOut", true);
        assertThat(Json.object(get(BOB.toString(), "/me/opt-out").body())).containsEntry("optedOut", true);
        assertThat(Json.object(call("PUT", BOB.toString(), "/me/opt-out", "{\"optedOut\": false}").body())).containsEntry("optedOut", false);
        assertThat(Json.object(get(ADMIN, "/users/" + BOB + "/opt-out").body())).containsEntry("optedOut", false);
    }

    @Test
    public void erasingAUserRemovesTheirPlays() throws Exception {
        HttpResponse<String> erased = call("DELETE", ADMIN, "/users/" + CAROL, null);
        assertThat(Json.object(erased.body())).containsEntry("userId", CAROL.toString()).containsEntry("playsRemoved", 1.0);
        assertThat(Json.array(get(ADMIN, "/users/" + CAROL + "/history").body())).isEmpty();
        assertThat(Plugin.log()).contains("erase user by '" + ADMIN + "' (admin) user=" + CAROL);
        // put her back for the tests that count four plays
        seededAgain();
    }

    private void seededAgain() {
        AnalyticsService analytics = new Plugin(context).awaitService(AnalyticsService.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        analytics.recordPlayback(new PlaybackEvent(UUID.randomUUID(), CAROL, SONG, LIBRARY, MediaType.TRACK,
                now.minus(Duration.ofMinutes(40)), now.minus(Duration.ofMinutes(37)), 180, true, "ios"));
        await().atMost(Plugin.STARTUP).until(() -> analytics.getRecentlyWatched(CAROL, 10).size() == 1);
    }

    @Test
    public void jobsAndTheEnabledSwitch() throws Exception {
        List<Object> kinds = list(Json.object(get(ADMIN, "/jobs/kinds").body()).get("kinds"));
        assertThat(kinds).contains("analytics.partitions", "analytics.aggregate_daily");
        HttpResponse<String> run = call("POST", ADMIN, "/jobs/analytics.partitions/runs", null);
        assertThat(run.statusCode()).isEqualTo(202);
        assertThat(Json.object(run.body())).containsEntry("kind", "analytics.partitions");

        assertThat(Json.object(get(ADMIN, "/enabled").body())).containsEntry("enabled", true);
        try {
            assertThat(Json.object(call("PUT", ADMIN, "/enabled", "{\"enabled\": false}").body())).containsEntry("enabled", false);
            await().atMost(Plugin.STARTUP).until(() -> Json.object(get(ADMIN, "/enabled").body()).get("enabled").equals(false));
            // jobs are paused while disabled
            assertError("run while disabled", call("POST", ADMIN, "/jobs/analytics.partitions/runs", null), 409, null);
        } finally {
            call("PUT", ADMIN, "/enabled", "{\"enabled\": true}");
        }
        await().atMost(Plugin.STARTUP).until(() -> Json.object(get(ADMIN, "/enabled").body()).get("enabled").equals(true));
    }

    @Test
    public void withoutTheAnalyticsServiceTheApiAnswers503() throws Exception {
        Plugin plugin = new Plugin(context);
        plugin.bundle().stop();
        try {
            assertError("stopped", get(ADMIN, "/system"), 503, null);
            assertError("stopped, self", get(ALICE_LOGIN, "/me/stats"), 503, null);
        } finally {
            plugin.bundle().start();
        }
        plugin.awaitService(AnalyticsService.class);
    }

    // ---- helpers

    private static void assertError(String what, HttpResponse<String> answer, int status, String field) {
        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> error = Json.object(answer.body());
        assertThat(error).as(what).containsOnlyKeys("status", "error", "field", "reason");
        assertThat(error.get("status")).as(what).isEqualTo((double) status);
        assertThat(error.get("field")).as(what).isEqualTo(field);
        assertThat((String) error.get("reason")).as(what).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    private HttpResponse<String> get(String login, String path) throws IOException, InterruptedException {
        return call("GET", login, path, null);
    }

    private HttpResponse<String> call(String method, String login, String path, String body) throws IOException, InterruptedException {
        return login == null ? send(method, path, body, null, null) : send(method, path, body, login, PASSWORDS.get(login));
    }

    private HttpResponse<String> send(String method, String path, String body, String login, String password)
            throws IOException, InterruptedException {
        return send(method, path, body, login, password, body == null ? Map.of() : Map.of("Content-Type", "application/json"));
    }

    /** A request with the headers given, as a browser would add them ({@code Origin}, {@code Sec-Fetch-Site}, a form's type). */
    private HttpResponse<String> send(String method, String path, String body, String login, String password,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + System.getProperty(FelixHost.HTTP_PORT) + BASE + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (login != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (login + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

}
