package org.revenge.analytics.internal.admin.auth;

import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling an admin surface, once authenticated.
 *
 * @param login  the name the caller logged in with (or the host's remote user)
 * @param userId the host's user id the login stands for, empty if it stands for none
 * @param admin  whether the caller has the configured admin role
 */
public record Caller(String login, Optional<UUID> userId, boolean admin) {

    /** @return whether the caller is this user */
    public boolean is(UUID user) {
        return userId.isPresent() && userId.get().equals(user);
    }
}
