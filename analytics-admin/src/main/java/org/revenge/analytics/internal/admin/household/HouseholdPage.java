package org.revenge.analytics.internal.admin.household;

import static org.revenge.analytics.internal.admin.console.Html.escape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.revenge.analytics.internal.admin.auth.Caller;
import org.revenge.analytics.internal.admin.console.CsrfTokens;
import org.revenge.analytics.internal.admin.http.AnalyticsHttpApi;
import org.revenge.analytics.internal.admin.http.HttpApiConfiguration;
import org.revenge.analytics.internal.admin.http.HttpLogin;
import org.revenge.analytics.internal.admin.params.Parameters;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The household page: every signed-in user's own figures at {@value #BASE}/, an admin's view of
 * anyone's at {@value #BASE}/users/{id}. It shares the HTTP API's configuration (PID
 * {@value HttpApiConfiguration#PID}), so the same logins open it, in the same servlet context. The
 * page is a shell with a script of the bundle that reads the figures from the API's
 * {@code /me/...} or {@code /users/{id}/...} routes, which check the access again; nothing comes
 * from another server. POST carries the person's own actions (opt out or in, erase), each with the
 * form's token and checked against cross-site requests, each audited.
 */
@Component(service = Servlet.class, configurationPid = HttpApiConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"osgi.http.whiteboard.servlet.pattern=" + HouseholdPage.BASE + "/*",
                "osgi.http.whiteboard.servlet.name=revenge-analytics-household"})
public final class HouseholdPage extends HttpServlet {

    /** Where the page is served; the API's longer pattern under it wins for its own paths. */
    public static final String BASE = "/analytics";

    /** The word a person types to confirm that everything about them is to be erased. */
    static final String ERASE_WORD = "erase";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HouseholdPage.class);
    private static final Map<String, String> ASSETS = Map.of("household.js", "text/javascript", "household.css", "text/css");
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final transient HttpLogin login;
    private final transient CsrfTokens tokens = new CsrfTokens();
    private final transient AuditLog audit = new AuditLog();
    private final transient String shell;
    /** Optional and dynamic, as in the console page: without it the page still answers, and says what is missing. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AnalyticsAdmin admin;

    @Activate
    public HouseholdPage(HttpApiConfiguration config) {
        this.login = new HttpLogin(config, HouseholdPage.class.getClassLoader());
        this.shell = resource("household.html");
        LOG.info("Analytics household page at {}/ (the HTTP API's logins)", BASE);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", SECURITY_POLICY);
        // not no-referrer: under it a browser sends "Origin: null" with the page's own form posts, which
        // CrossSite must refuse; same-origin still sends nothing to any other server
        response.setHeader("Referrer-Policy", "same-origin");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String asset = path.startsWith("/") ? path.substring(1) : path;
        if (request.getMethod().equals("GET") && ASSETS.containsKey(asset)) {
            // the page's own script and style carry no data: served to anyone, like the login form of a site
            text(response, 200, ASSETS.get(asset), resource(asset));
            return;
        }
        Optional<Caller> caller = login.authenticate(request);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", login.challenge());
            text(response, 401, "text/plain", "Sign in to see your figures.");
            return;
        }
        try {
            switch (request.getMethod()) {
                case "GET" -> page(caller.get(), path, request, response);
                case "POST" -> action(caller.get(), path, request, response);
                default -> {
                    response.setHeader("Allow", "GET, POST");
                    text(response, 405, "text/plain", request.getMethod() + " is not allowed here");
                }
            }
        } catch (InvalidInputException e) {
            text(response, 400, "text/plain", e.getMessage());
        } catch (AnalyticsException e) {
            LOG.warn("Analytics household page: {} {}: {}", request.getMethod(), path, e.getMessage());
            text(response, 503, "text/plain", "The analytics service is not available: " + e.getMessage());
        }
    }

    private void page(Caller caller, String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (path.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", BASE + "/");
            return;
        }
        UUID user;
        if (path.equals("/")) {
            if (caller.userId().isEmpty()) {
                text(response, caller.admin() ? 404 : 403, "text/plain", "Your login '" + caller.login() + "' stands for no user "
                        + "of the media server, so it has no page of its own" + (caller.admin()
                        ? "; as an admin, open " + BASE + "/users/{user id}." : "."));
                return;
            }
            user = caller.userId().get();
        } else if (path.startsWith("/users/")) {
            user = Parameters.uuid("userId", path.substring("/users/".length()));
            if (!caller.admin() && !caller.is(user)) {
                LOG.info("Analytics household page: '{}' without role '{}' refused the page of user {}", caller.login(),
                        login.adminRole(), user);
                text(response, 403, "text/plain", "This page is someone else's: only an admin may open it.");
                return;
            }
        } else {
            text(response, 404, "text/plain", "No such page: " + BASE + path);
            return;
        }
        boolean own = caller.is(user);
        if (!own) {
            audit.record(caller, "open user page", user, "", "page");
        }
        String api = AnalyticsHttpApi.BASE + (own ? "/me" : "/users/" + user);
        String html = shell.replace("{{api}}", escape(api))
                .replace("{{user}}", escape(user))
                .replace("{{login}}", escape(caller.login()))
                .replace("{{whoseKind}}", own ? "own" : "other")
                .replace("{{whose}}", own ? "Your figures" : "The figures of user " + escape(user))
                .replace("{{token}}", escape(tokens.tokenFor(caller.login())))
                .replace("{{action}}", escape(BASE + "/actions"))
                .replace("{{back}}", escape(request.getRequestURI()))
                .replace("{{done}}", escape(flash(request.getParameter("done"))))
                .replace("{{eraseWord}}", ERASE_WORD);
        text(response, 200, "text/html", html);
    }

    /** The sentence about the last action, from a fixed list: nothing from the address is shown as it came. */
    private static String flash(String done) {
        if (done == null) {
            return "";
        }
        return switch (done) {
            case "opted-out" -> "Recording stopped: nothing more is recorded about you. What is stored stays until you erase it.";
            case "opted-in" -> "Recording is on again.";
            case "erased" -> "Everything stored about this user was erased.";
            case "year-kept" -> "Your year is kept: a summary of each year stays after the single plays are deleted.";
            case "year-forgotten" -> "The summaries of your years were deleted; they are no longer kept.";
            default -> "";
        };
    }

    private void action(Caller caller, String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!path.equals("/actions")) {
            response.setHeader("Allow", "GET");
            text(response, 405, "text/plain", "POST is allowed only on " + BASE + "/actions");
            return;
        }
        Optional<String> crossSite = CrossSite.refusal(request);
        if (crossSite.isPresent()) {
            LOG.warn("Analytics household page: refused a POST by '{}': {}", caller.login(), crossSite.get());
            text(response, 403, "text/plain", crossSite.get());
            return;
        }
        if (!tokens.isValid(caller.login(), request.getParameter("token"))) {
            text(response, 403, "text/plain", "missing or stale form token: reload the page and try again");
            return;
        }
        UUID user = Parameters.uuid("user", request.getParameter("user"));
        if (!caller.admin() && !caller.is(user)) {
            LOG.info("Analytics household page: '{}' without role '{}' refused an action on user {}", caller.login(),
                    login.adminRole(), user);
            text(response, 403, "text/plain", "Only an admin may act for another user.");
            return;
        }
        AnalyticsAdmin service = admin;
        if (service == null) {
            text(response, 503, "text/plain", "the AnalyticsAdmin service is not available");
            return;
        }
        String action = String.valueOf(request.getParameter("action"));
        String done;
        switch (action) {
            case "opt-out", "opt-in" -> {
                boolean out = action.equals("opt-out");
                service.setOptedOut(user, out);
                audit.record(caller, out ? "opt user out" : "opt user in", user, "", "page");
                done = out ? "opted-out" : "opted-in";
            }
            case "keep-year", "forget-year" -> {
                boolean keep = action.equals("keep-year");
                service.setKeepingYear(user, keep);
                audit.record(caller, keep ? "keep user year" : "forget user year", user, "", "page");
                done = keep ? "year-kept" : "year-forgotten";
            }
            case "erase" -> {
                String confirm = request.getParameter("confirm");
                if (confirm == null || !confirm.strip().equalsIgnoreCase(ERASE_WORD)) {
                    throw new InvalidInputException("confirm", "type the word '" + ERASE_WORD + "' to confirm the erasure");
                }
                long plays = service.eraseUser(user).playsRemoved();
                audit.record(caller, "erase user", user, "plays=" + plays, "page");
                done = "erased";
            }
            default -> throw new InvalidInputException("action", "must be opt-out, opt-in, keep-year, forget-year or erase, was '" + action + "'");
        }
        String back = caller.is(user) ? BASE + "/" : BASE + "/users/" + user;
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", back + "?done=" + done);
    }

    private static void text(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type + ";charset=UTF-8");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (InputStream in = HouseholdPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read the bundle's resource " + name, e);
        }
    }
}
