package org.revenge.analytics.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.useradmin.Authorization;

/**
 * A plain Felix host's own logins, as the HTTP API expects them there: a {@link ServletContextHelper}
 * that checks HTTP Basic credentials against a fixed table and hands the API the remote user and
 * a UserAdmin {@link Authorization} with the user's roles; a request without credentials goes on
 * with no identity, for the API itself to refuse.
 */
final class HostLogins {

    static final String CONTEXT = "revenge-itest-auth";

    private HostLogins() {
    }

    /**
     * Registers the host's context and points the API at it.
     *
     * @param passwords the password of each login
     * @param roles     the roles of each login
     */
    static void register(BundleContext context, Map<String, String> passwords, Map<String, Set<String>> roles,
            Map<String, Object> apiSettings) throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.context.name", CONTEXT);
        properties.put("osgi.http.whiteboard.context.path", "/");
        context.registerService(ServletContextHelper.class, new ServletContextHelper(context.getBundle()) {
            @Override
            public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
                String header = request.getHeader("Authorization");
                if (header == null) {
                    return true;
                }
                String[] credentials = header.startsWith("Basic ")
                        ? new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2)
                        : new String[0];
                if (credentials.length != 2 || !credentials[1].equals(passwords.get(credentials[0]))) {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"itest\"");
                    response.sendError(401);
                    return false;
                }
                String login = credentials[0];
                request.setAttribute(ServletContextHelper.REMOTE_USER, login);
                request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
                request.setAttribute(ServletContextHelper.AUTHORIZATION, new Authorization() {
                    @Override
                    public String getName() {
                        return login;
                    }

                    @Override
                    public boolean hasRole(String role) {
                        return roles.get(login).contains(role);
                    }

                    @Override
                    public String[] getRoles() {
                        return roles.get(login).toArray(String[]::new);
                    }
                });
                return true;
            }
        }, properties);
        ConfigurationAdmin configAdmin = new Plugin(context).service(ConfigurationAdmin.class).orElseThrow();
        Dictionary<String, Object> api = new Hashtable<>(apiSettings);
        api.put("authentication", "servlet-context");
        api.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=" + CONTEXT + ")");
        configAdmin.getConfiguration("org.revenge.analytics.http", null).update(api);
    }
}
