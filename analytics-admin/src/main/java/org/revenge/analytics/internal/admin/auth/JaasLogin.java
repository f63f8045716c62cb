package org.revenge.analytics.internal.admin.auth;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Checks a user name and password against a JAAS realm (in Karaf: {@code karaf}, the realm of its
 * shell, console and JMX) and reads the caller's roles from the subject's principals. A principal
 * is a role when its class's simple or full name is one of the configured role principal classes
 * (Karaf: {@code RolePrincipal}), so this bundle needs no import of the host's JAAS classes.
 */
public final class JaasLogin {

    private final String realm;
    private final Set<String> rolePrincipalClasses;
    private final ClassLoader loginModuleLoader;
    private final Configuration configuration;

    /**
     * @param realm                the JAAS realm (application name)
     * @param rolePrincipalClasses simple or full class names of the principals that are roles
     * @param loginModuleLoader    the thread context class loader during the login, through which
     *                             JAAS loads the realm's login module classes
     * @param configuration        the JAAS configuration, or {@code null} for the JVM's (what Karaf sets)
     */
    public JaasLogin(String realm, Set<String> rolePrincipalClasses, ClassLoader loginModuleLoader, Configuration configuration) {
        this.realm = realm;
        this.rolePrincipalClasses = Set.copyOf(rolePrincipalClasses);
        this.loginModuleLoader = loginModuleLoader;
        this.configuration = configuration;
    }

    /** @return the caller's roles if the realm accepts the credentials, else empty */
    public Optional<Set<String>> login(BasicCredentials credentials) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loginModuleLoader);
        try {
            LoginContext context = new LoginContext(realm, new Subject(), callbacks -> answer(callbacks, credentials), configuration);
            context.login();
            Set<String> roles = new TreeSet<>();
            for (Principal principal : context.getSubject().getPrincipals()) {
                Class<?> type = principal.getClass();
                if (rolePrincipalClasses.contains(type.getSimpleName()) || rolePrincipalClasses.contains(type.getName())) {
                    roles.add(principal.getName());
                }
            }
            context.logout();
            return Optional.of(roles);
        } catch (LoginException | SecurityException e) {
            // wrong credentials, unknown user, or no such realm: all one answer to the caller
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void answer(Callback[] callbacks, BasicCredentials credentials) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(credentials.user());
            } else if (callback instanceof PasswordCallback password) {
                password.setPassword(credentials.password());
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
