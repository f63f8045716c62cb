package org.revenge.analytics.internal.admin.http;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;

import org.revenge.analytics.internal.admin.auth.BasicCredentials;
import org.revenge.analytics.internal.admin.auth.Caller;
import org.revenge.analytics.internal.admin.auth.HostRoles;
import org.revenge.analytics.internal.admin.auth.JaasLogin;
import org.revenge.analytics.internal.admin.auth.UserIds;

/**
 * Who a request comes from, as {@link HttpApiConfiguration} says to find out: HTTP Basic against a
 * JAAS realm, or the host's ServletContextHelper. The HTTP API and the household page share it, so
 * a login opens both or neither, with the same admin role.
 */
public final class HttpLogin {

    /** The whiteboard's request attribute for the authenticated user ({@code ServletContextHelper.REMOTE_USER}). */
    static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";

    /** The whiteboard's request attribute for a UserAdmin {@code Authorization} ({@code ServletContextHelper.AUTHORIZATION}). */
    static final String AUTHORIZATION = "org.osgi.service.useradmin.authorization";

    private final String authentication;
    private final String adminRole;
    private final String basicRealm;
    private final JaasLogin jaas;
    private final UserIds userIds;

    /**
     * @throws IllegalArgumentException if the authentication is neither {@code jaas} nor {@code servlet-context}
     * @throws org.revenge.analytics.spi.InvalidInputException if {@code user.ids} is malformed
     */
    public HttpLogin(HttpApiConfiguration config, ClassLoader loader) {
        this.authentication = config.authentication().strip();
        if (!authentication.equals(HttpApiConfiguration.JAAS) && !authentication.equals(HttpApiConfiguration.SERVLET_CONTEXT)) {
            throw new IllegalArgumentException("configuration " + HttpApiConfiguration.PID + ", authentication = '" + authentication
                    + "': must be " + HttpApiConfiguration.JAAS + " or " + HttpApiConfiguration.SERVLET_CONTEXT);
        }
        this.adminRole = config.admin_role().strip();
        this.basicRealm = config.http_realm().replace("\"", "");
        this.userIds = UserIds.of("user.ids", config.user_ids());
        this.jaas = new JaasLogin(config.jaas_realm(), Set.copyOf(Arrays.asList(config.jaas_role_principal_classes())), loader, null);
    }

    /** @return the caller, or empty if the request carries no (valid) login */
    public Optional<Caller> authenticate(HttpServletRequest request) {
        if (authentication.equals(HttpApiConfiguration.SERVLET_CONTEXT)) {
            Object remoteUser = request.getAttribute(REMOTE_USER);
            String login = remoteUser != null ? remoteUser.toString() : request.getRemoteUser();
            if (login == null || login.isBlank()) {
                return Optional.empty();
            }
            boolean isAdmin = HostRoles.authorizationGrants(request.getAttribute(AUTHORIZATION), adminRole)
                    || request.isUserInRole(adminRole);
            return Optional.of(new Caller(login, userIds.userIdOf(login), isAdmin));
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader("Authorization"));
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        String login = credentials.get().user();
        return jaas.login(credentials.get())
                .map(roles -> new Caller(login, userIds.userIdOf(login), roles.contains(adminRole)));
    }

    /** @return the {@code WWW-Authenticate} header that asks a browser to log in */
    public String challenge() {
        return "Basic realm=\"" + basicRealm + "\", charset=\"UTF-8\"";
    }

    /** @return the role that makes a caller an admin */
    public String adminRole() {
        return adminRole;
    }

    /** @return whether the JAAS realm is used (else the host's servlet context) */
    public boolean jaas() {
        return authentication.equals(HttpApiConfiguration.JAAS);
    }
}
