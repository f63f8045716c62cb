package org.revenge.analytics.internal.admin.http;

import static org.revenge.analytics.internal.admin.http.Parameter.path;
import static org.revenge.analytics.internal.admin.http.Parameter.query;
import static org.revenge.analytics.internal.admin.http.Route.Access.ADMIN;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.revenge.analytics.internal.admin.http.Documents.ImportRun;
import org.revenge.analytics.internal.admin.http.Parameter.Type;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.InvalidInputException;

/**
 * The import operations of the HTTP API: start an import from an uploaded file, follow it, and list
 * the imports that ran. Apart from {@link ApiRoutes} so that the import's HTTP handling stays in one place.
 */
final class ImportRoutes {

    private ImportRoutes() {
    }

    static void addTo(List<Route> routes) {
        Route start = new Route("POST", "/imports", ADMIN, "startImport",
                "Starts importing watch history from the file in the body (application/octet-stream); 202 with the run to follow"
                        + " at /imports/runs/{runId}.",
                List.of(query("source", Type.TEXT, null, "tautulli", "tautulli, jellystat, playback-reporting or revenge"),
                        query("fileName", Type.TEXT, "upload", "tautulli.db", "the file's name, for the report (no directory)"),
                        query("zone", Type.TEXT, "plugin", "Europe/Paris",
                                "the server's zone for times stored without one (Playback Reporting); plugin: the plugin's zone"),
                        query("dryRun", Type.TEXT, "false", "true", "true to count everything and write nothing")),
                new Route.Body(null, "the history file: tautulli.db, a Jellystat backup, playback_reporting.db or its TSV backup,"
                        + " or a Revenge Analytics JSON export"),
                202, ImportRun.class, Map.of(), call -> {
                    String sourceName = call.text("source");
                    ImportSource source = ImportSource.fromWireName(sourceName).orElseThrow(() -> new InvalidInputException("source",
                            "must be tautulli, jellystat, playback-reporting or revenge, was '" + sourceName + "'"));
                    String zoneName = call.text("zone");
                    ZoneId zone;
                    try {
                        zone = zoneName.equals("plugin") ? null : ZoneId.of(zoneName);
                    } catch (DateTimeException e) {
                        throw new InvalidInputException("zone", "must be a time zone such as Europe/Paris, was '" + zoneName + "'");
                    }
                    boolean dryRun = switch (call.text("dryRun")) {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new InvalidInputException("dryRun", "must be true or false");
                    };
                    String fileName = call.text("fileName");
                    if (!dryRun) {
                        call.auditAll("import history", "source=" + source.wireName() + " file=" + fileName);
                    }
                    return call.uploads().start(source, fileName, zone, dryRun, call.body());
                });
        routes.add(start);
        routes.add(new Route("GET", "/imports/runs/{runId}", ADMIN, "importRun",
                "An import started through this API: its state, phase and rows read while it runs, its report once done.",
                List.of(path("runId", Type.TEXT, "1", "the run's id, from POST /imports")), null, 200, ImportRun.class, Map.of(),
                call -> {
                    long id;
                    try {
                        id = Long.parseLong(call.text("runId"));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("runId", "must be a whole number");
                    }
                    return call.uploads().run(id)
                            .orElseThrow(() -> new ApiException(404, "runId", "no import run " + id + " is known (runs are kept until restart)"));
                }));
        routes.add(new Route("GET", "/imports", ADMIN, "imports", "The imports that ran, with their reports, the latest first.",
                List.of(query("limit", Type.LIMIT, "20", "5", "how many at most")), null, 200, ApiRoutes.listOf(ImportReport.class),
                Map.of(), call -> call.importer().getImports(call.limit())));
    }
}
