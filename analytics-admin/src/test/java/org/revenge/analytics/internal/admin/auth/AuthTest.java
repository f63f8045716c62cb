package org.revenge.analytics.internal.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.InvalidInputException;

class AuthTest {

    /** Stands for Karaf's org.apache.karaf.jaas.boot.principal.RolePrincipal: matched by simple name. */
    public record RolePrincipal(String getName) implements Principal {
    }

    public record UserPrincipal(String getName) implements Principal {
    }

    /** A realm with one user, karaf/karaf, in the role admin. */
    public static final class OneUserModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private String user;

        @Override
        public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            if (!"karaf".equals(name.getName()) || !"karaf".equals(new String(password.getPassword()))) {
                throw new FailedLoginException("wrong");
            }
            user = name.getName();
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new UserPrincipal(user));
            subject.getPrincipals().add(new RolePrincipal("admin"));
            subject.getPrincipals().add(new RolePrincipal("viewer"));
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    private static final Configuration REALM = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return "karaf".equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(OneUserModule.class.getName(),
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())} : null;
        }
    };

    private static BasicCredentials basic(String user, String password) {
        return BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .orElseThrow();
    }

    @Test
    void jaasLoginReadsTheRolesFromTheRolePrincipalsOnly() {
        JaasLogin login = new JaasLogin("karaf", Set.of("RolePrincipal"), AuthTest.class.getClassLoader(), REALM);
        assertThat(login.login(basic("karaf", "karaf"))).hasValue(Set.of("admin", "viewer"));
        assertThat(login.login(basic("karaf", "wrong"))).isEmpty();
        assertThat(login.login(basic("nobody", "karaf"))).isEmpty();
        assertThat(new JaasLogin("no-such-realm", Set.of("RolePrincipal"), AuthTest.class.getClassLoader(), REALM)
                .login(basic("karaf", "karaf"))).isEmpty();
    }

    @Test
    void basicCredentialsAreParsedStrictly() {
        assertThat(basic("a:b", "c").user()).isEqualTo("a"); // the first colon splits, as RFC 7617 says
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.parse("Basic !!!")).isEmpty();
        assertThat(BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void aLoginMapsToAUserByConfigurationOrByBeingAUuid() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UserIds ids = UserIds.of("user.ids", new String[] {"alice=" + alice});
        assertThat(ids.userIdOf("alice")).hasValue(alice);
        assertThat(ids.userIdOf(bob.toString())).hasValue(bob);
        assertThat(ids.userIdOf("karaf")).isEmpty();
        assertThatThrownBy(() -> UserIds.of("user.ids", new String[] {"alice"})).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> UserIds.of("user.ids", new String[] {"alice=x"})).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> UserIds.of("user.ids", new String[] {"a=" + alice, "a=" + bob}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("mapped twice");
    }

    @Test
    void aLoginThatLooksLikeAUuidMatchesExactlyAndNeverShadowsAConfiguredUser() {
        UUID alice = UUID.fromString("0a1b2c3d-0000-4000-8000-00000000abcd");
        UUID bob = UUID.fromString("0b1b2c3d-0000-4000-8000-00000000abcd");
        UserIds ids = UserIds.of("user.ids", new String[] {"alice=" + alice});
        // alice is reached through her login only: a host login named after her id is nobody
        assertThat(ids.userIdOf(alice.toString())).isEmpty();
        assertThat(ids.userIdOf("alice")).hasValue(alice);
        // only the id as the host writes it: not in capitals, not without leading zeros or hyphens
        assertThat(ids.userIdOf(bob.toString())).hasValue(bob);
        assertThat(ids.userIdOf(bob.toString().toUpperCase(java.util.Locale.ROOT))).isEmpty();
        assertThat(ids.userIdOf("b1b2c3d-0-4000-8000-00000000abcd")).isEmpty();
        assertThat(ids.userIdOf(" " + bob)).isEmpty();
    }
}
