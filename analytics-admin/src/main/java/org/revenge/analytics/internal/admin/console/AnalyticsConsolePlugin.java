package org.revenge.analytics.internal.admin.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.revenge.analytics.internal.admin.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Analytics" page of the Felix Web Console (Karaf's {@code webconsole} feature): a plain
 * servlet service with the {@code felix.webconsole.*} properties, which the Web Console wraps in its
 * own header, footer and login, so the bundle needs nothing of the Web Console to compile or resolve.
 * GET renders the page; POST switches recording or queues a job, checks the form's CSRF token and
 * the Origin header, and redirects back to the page (post/redirect/get).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + AnalyticsConsolePlugin.LABEL,
        "felix.webconsole.title=Analytics",
        "felix.webconsole.category=Revenge"})
public final class AnalyticsConsolePlugin extends HttpServlet {

    /** The page's address under the console: {@code /system/console/analytics} in Karaf. */
    public static final String LABEL = "analytics";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsConsolePlugin.class);
    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    private static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";

    private final transient AnalyticsService analytics;
    private final transient CsrfTokens tokens = new CsrfTokens();
    private final transient ExecutorService queries;
    /** Optional: an analytics bundle older than SPI 1.3 has none, and the rest still works (a field, as DS sets it dynamically). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AnalyticsAdmin admin;
    /** Optional likewise: an analytics bundle older than SPI 1.4 imports nothing. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AnalyticsImporter importer;
    /** Optional: without it (an analytics bundle older than SPI 1.4) the page shows short ids. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AnalyticsNames names;
    private final transient ShownNames shownNames = ShownNames.of(() -> names);

    @Activate
    public AnalyticsConsolePlugin(@Reference AnalyticsService analytics) {
        this.analytics = analytics;
        AtomicInteger threads = new AtomicInteger();
        this.queries = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "analytics-console-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        queries.shutdownNow();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String below = below(request.getRequestURI());
        if (below != null) {
            resource(below, request, response);
            return;
        }
        String page;
        try {
            Dashboard dashboard = Dashboard.load(analytics, admin, importer, queries);
            page = ConsolePage.render(dashboard, ZoneId.systemDefault(), request.getRequestURI(), tokens.tokenFor(user(request)),
                    flash(request.getParameter("done"), request.getParameter("kind"), dashboard), shownNames);
        } catch (AnalyticsException e) {
            // inside the Web Console's frame the status is already sent: say it on the page
            LOG.warn("The Analytics console page could not read its figures: {}", e.getMessage());
            page = ConsolePage.unavailable(e.getMessage());
        }
        response.setCharacterEncoding("UTF-8");
        if (response.getContentType() == null) {
            response.setContentType("text/html;charset=UTF-8");
        }
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(page);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = user(request);
        if (!sameOrigin(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "cross-site request refused (Origin " + request.getHeader("Origin") + ")");
            return;
        }
        if (!tokens.isValid(user, request.getParameter("token"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or stale form token: reload the page and try again");
            return;
        }
        AnalyticsAdmin service = admin;
        if (service == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the AnalyticsAdmin service is not available");
            return;
        }
        String action = String.valueOf(request.getParameter("action"));
        String done;
        String kind = null;
        switch (action) {
            case "enable", "disable" -> {
                boolean enabled = action.equals("enable");
                service.setEnabled(enabled);
                AUDIT.info("{} {} recording (web console)", user, enabled ? "enabled" : "disabled");
                done = action + "d";
            }
            case "run-job" -> {
                kind = request.getParameter("kind");
                if (kind == null || !service.getJobKinds().contains(kind)) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "kind must be one of " + service.getJobKinds());
                    return;
                }
                try {
                    service.runJobNow(kind);
                    AUDIT.info("{} queued a run of {} (web console)", user, kind);
                    done = "queued";
                } catch (AnalyticsDisabledException e) {
                    done = "paused";
                }
            }
            default -> {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "action must be enable, disable or run-job");
                return;
            }
        }
        LOG.debug("console action {} by {}", action, user);
        String location = request.getRequestURI() + "?done=" + done
                + (kind == null ? "" : "&kind=" + URLEncoder.encode(kind, StandardCharsets.UTF_8));
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    /** @return the address below the page ({@code days.json}, {@code res/console.js}), or {@code null} for the page itself */
    static String below(String uri) {
        String marker = "/" + LABEL + "/";
        int at = uri == null ? -1 : uri.indexOf(marker);
        if (at < 0) {
            return null;
        }
        String rest = uri.substring(at + marker.length());
        return rest.isEmpty() || rest.substring(rest.lastIndexOf('/') + 1).indexOf('.') < 0 ? null : rest;
    }

    /** The page's script, its chart library and its JSON, behind the console's login like the page. */
    private void resource(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleRequests.Answer answer;
        try {
            String user = user(request);
            answer = ConsoleRequests.answer(path, name -> ConsoleRequests.single(name, request.getParameterValues(name)), analytics,
                    admin, shownNames, ZoneId.systemDefault(), day -> new AuditLog().record(new Caller(user, Optional.empty(), true),
                            "list plays of a day", null, "date=" + day, "web console"));
        } catch (AnalyticsException e) {
            LOG.warn("The Analytics console page could not read {}: {}", path, e.getMessage());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Analytics cannot answer now: " + e.getMessage());
            return;
        }
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        response.setHeader("Cache-Control", path.startsWith("res/") ? "private, max-age=3600" : "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getOutputStream().write(answer.body());
    }

    /** The sentence about the last action, from a fixed list: nothing from the address is shown as it came. */
    private static String flash(String done, String kind, Dashboard dashboard) {
        if (done == null) {
            return null;
        }
        String job = kind != null && dashboard.jobKinds().contains(kind) ? kind : "the job";
        return switch (done) {
            case "enabled" -> "Recording was switched on.";
            case "disabled" -> "Recording was switched off.";
            case "queued" -> "A run of " + job + " was queued; it shows in the table below once it starts.";
            case "paused" -> "Jobs are paused while recording is disabled; " + job + " was not queued.";
            default -> null;
        };
    }

    private static String user(HttpServletRequest request) {
        String user = request.getRemoteUser();
        if (user == null && request.getAttribute(REMOTE_USER) != null) {
            user = String.valueOf(request.getAttribute(REMOTE_USER));
        }
        return user == null ? "" : user;
    }

    /** A browser sends Origin with a cross-site form post; when it is there, it must name this server. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            String originHost = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return host != null && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
