package org.revenge.analytics.internal.admin.http;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.revenge.analytics.internal.admin.auth.BasicCredentials;
import org.revenge.analytics.internal.admin.auth.Caller;
import org.revenge.analytics.internal.admin.auth.HostRoles;
import org.revenge.analytics.internal.admin.auth.JaasLogin;
import org.revenge.analytics.internal.admin.auth.UserIds;
import org.revenge.analytics.internal.admin.json.JsonWriter;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: one whiteboard servlet under {@value #BASE} that authenticates every request,
 * checks the caller's access to the route, parses and checks its parameters, calls the SPI and
 * writes JSON. Registered whether or not the analytics services are there, so that their absence
 * is a 503 rather than a 404.
 */
@Component(service = Servlet.class, configurationPid = HttpApiConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"osgi.http.whiteboard.servlet.pattern=" + AnalyticsHttpApi.BASE + "/*",
                "osgi.http.whiteboard.servlet.name=revenge-analytics-api"})
@Designate(ocd = HttpApiConfiguration.class)
public final class AnalyticsHttpApi extends HttpServlet {

    /** Where the API is served. */
    public static final String BASE = "/analytics/api/v1";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsHttpApi.class);
    private static final Map<Integer, String> PHRASES = Map.of(400, "Bad Request", 401, "Unauthorized", 403, "Forbidden",
            404, "Not Found", 405, "Method Not Allowed", 409, "Conflict", 413, "Content Too Large", 500, "Internal Server Error", 503, "Service Unavailable");

    private final transient List<Route> routes;
    private final transient Map<String, Object> openApi;
    private final transient AuditLog audit = new AuditLog();
    private final transient HttpLogin login;
    private volatile transient AnalyticsService analytics;
    private volatile transient AnalyticsAdmin admin;
    private volatile transient AnalyticsImporter importer;
    private final transient ImportUploads uploads;
    private volatile transient AnalyticsNames names;
    private final transient ShownNames shownNames = ShownNames.of(() -> names);

    @Activate
    public AnalyticsHttpApi(BundleContext context, HttpApiConfiguration config) {
        this.login = new HttpLogin(config, AnalyticsHttpApi.class.getClassLoader());
        this.routes = ApiRoutes.all(config.metrics_enabled());
        this.openApi = OpenApiDocument.of(routes, context.getBundle().getVersion().toString());
        if (config.import_max_upload_mib() < 1) {
            throw new IllegalArgumentException("configuration " + HttpApiConfiguration.PID + ", import.max.upload.mib = "
                    + config.import_max_upload_mib() + ": must be at least 1");
        }
        this.uploads = new ImportUploads(context.getDataFile("imports").toPath(), config.import_max_upload_mib() * 1024L * 1024L,
                () -> importer);
        LOG.info("Analytics HTTP API at {} ({} authentication, admin role '{}'; metrics endpoint {})", BASE,
                login.jaas() ? "JAAS realm '" + config.jaas_realm() + "'" : "host servlet context", login.adminRole(),
                config.metrics_enabled() ? "on at " + BASE + "/metrics" : "off");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAnalyticsService(AnalyticsService service) {
        this.analytics = service;
    }

    void unbindAnalyticsService(AnalyticsService service) {
        if (this.analytics == service) {
            this.analytics = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAnalyticsAdmin(AnalyticsAdmin service) {
        this.admin = service;
    }

    void unbindAnalyticsAdmin(AnalyticsAdmin service) {
        if (this.admin == service) {
            this.admin = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAnalyticsImporter(AnalyticsImporter service) {
        this.importer = service;
    }

    void unbindAnalyticsImporter(AnalyticsImporter service) {
        if (this.importer == service) {
            this.importer = null;
        }
    }

    @Deactivate
    void deactivate() {
        uploads.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAnalyticsNames(AnalyticsNames service) {
        this.names = service;
    }

    void unbindAnalyticsNames(AnalyticsNames service) {
        if (this.names == service) {
            this.names = null;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try {
            refuseCrossSite(request);
            Optional<Caller> caller = login.authenticate(request);
            if (caller.isEmpty()) {
                response.setHeader("WWW-Authenticate", login.challenge());
                throw new ApiException(401, null, "authentication required");
            }
            dispatch(caller.get(), request, response);
        } catch (ApiException e) {
            error(response, e.status(), e.field(), e.reason());
        } catch (InvalidInputException e) {
            error(response, 400, e.field(), e.reason());
        } catch (AnalyticsDisabledException e) {
            error(response, 409, null, "recording is disabled: " + e.getMessage());
        } catch (StorageUnavailableException e) {
            LOG.warn("Analytics HTTP API: {} {}: storage unavailable: {}", request.getMethod(), request.getPathInfo(), e.getMessage());
            error(response, 503, null, "the analytics database is not available");
        } catch (RuntimeException e) {
            LOG.error("Analytics HTTP API: {} {} failed", request.getMethod(), request.getPathInfo(), e);
            error(response, 500, null, "internal error; the server log has the details");
        }
    }

    /** A page of another site must not make the admin's browser change anything (see {@link CrossSiteRequests}). */
    private static void refuseCrossSite(HttpServletRequest request) {
        Optional<CrossSiteRequests.Refusal> refusal = CrossSiteRequests.refusal(request.getMethod(), request.getContentType(),
                request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"), request.getHeader("Host"));
        if (refusal.isPresent()) {
            LOG.warn("Analytics HTTP API refused {} {}: {}", request.getMethod(), request.getPathInfo(), refusal.get().reason());
            throw new ApiException(403, refusal.get().header(), refusal.get().reason());
        }
    }

    private void dispatch(Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        List<String> allowed = new ArrayList<>();
        for (Route route : routes) {
            Optional<Map<String, String>> pathValues = route.match(path);
            if (pathValues.isEmpty()) {
                continue;
            }
            if (!route.method().equals(request.getMethod())) {
                allowed.add(route.method());
                continue;
            }
            authorize(caller, route, pathValues.get());
            Map<String, Object> values = parameters(route, pathValues.get(), request);
            if (route.path().equals(ApiRoutes.OPENAPI_PATH)) {
                json(response, 200, openApi);
                return;
            }
            ApiCall call = new ApiCall(route, caller, values, request, response, () -> analytics, () -> admin, audit,
                    () -> importer, uploads);
            try {
                Object answer = route.handler().handle(call);
                if (answer != null) {
                    json(response, route.status(), answer);
                }
            } catch (RuntimeException e) {
                if (response.isCommitted()) {
                    // a stream already under way cannot become an error document: end it short
                    LOG.warn("Analytics HTTP API: {} {} broke off after the answer started: {}", request.getMethod(), path, e.toString());
                    throw new IOException("export broken off", e);
                }
                response.reset();
                throw e;
            }
            return;
        }
        if (!allowed.isEmpty()) {
            response.setHeader("Allow", String.join(", ", new LinkedHashSet<>(allowed)));
            throw new ApiException(405, null, request.getMethod() + " is not allowed on " + path);
        }
        throw new ApiException(404, null, "no such endpoint: " + path);
    }

    private void authorize(Caller caller, Route route, Map<String, String> pathValues) {
        switch (route.access()) {
            case ANY -> {
            }
            case SELF -> {
                if (caller.userId().isEmpty()) {
                    throw new ApiException(403, null, "login '" + caller.login() + "' stands for no user (see user.ids in "
                            + HttpApiConfiguration.PID + ")");
                }
            }
            case ADMIN -> {
                if (!caller.admin()) {
                    String user = pathValues.get("userId");
                    if (user != null) {
                        LOG.info("Analytics HTTP API: '{}' without role '{}' refused {}", caller.login(), login.adminRole(), route.path().replace("{userId}", user));
                    }
                    throw new ApiException(403, null, "needs the role '" + login.adminRole() + "'; without it only /me is open");
                }
            }
        }
    }

    private static Map<String, Object> parameters(Route route, Map<String, String> pathValues, HttpServletRequest request) {
        Map<String, String[]> query = request.getParameterMap();
        for (String name : query.keySet()) {
            boolean known = route.parameters().stream().anyMatch(p -> !p.inPath() && p.name().equals(name));
            if (!known) {
                throw new InvalidInputException(name, "unknown parameter for " + route.method() + " " + route.path());
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (Parameter parameter : route.parameters()) {
            String text;
            if (parameter.inPath()) {
                text = pathValues.get(parameter.name());
            } else {
                String[] given = query.get(parameter.name());
                if (given != null && given.length > 1) {
                    throw new InvalidInputException(parameter.name(), "must be given once");
                }
                text = given == null ? parameter.defaultValue() : given[0];
            }
            values.put(parameter.name(), parameter.type().parse(parameter.name(), text));
        }
        return values;
    }

    private void json(HttpServletResponse response, int status, Object value) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        new JsonWriter(writer, shownNames).value(value);
        writer.flush();
    }

    private void error(HttpServletResponse response, int status, String field, String reason) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        json(response, status, new Documents.Error(status, PHRASES.getOrDefault(status, "Error"), field, reason));
    }

    /** @return the routes, for the tests of this package */
    List<Route> routes() {
        return routes;
    }

}
