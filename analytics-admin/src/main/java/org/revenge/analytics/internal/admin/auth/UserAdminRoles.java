package org.revenge.analytics.internal.admin.auth;

import org.osgi.service.useradmin.Authorization;

/**
 * Reads a role from the UserAdmin {@link Authorization} a host's {@code ServletContextHelper} put
 * in the request. Kept in a class of its own: the UserAdmin package is an optional import, so this
 * class is loaded only when such an object is really there.
 */
final class UserAdminRoles {

    private UserAdminRoles() {
    }

    /** @return whether the object is an {@link Authorization} granting the role */
    static boolean grants(Object authorization, String role) {
        return authorization instanceof Authorization granted && granted.hasRole(role);
    }
}
