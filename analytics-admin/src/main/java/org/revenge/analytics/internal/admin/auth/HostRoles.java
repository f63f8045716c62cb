package org.revenge.analytics.internal.admin.auth;

/**
 * Whether the host's authentication granted a role, from the request attribute a whiteboard
 * {@code ServletContextHelper} sets ({@code org.osgi.service.useradmin.authorization}, a UserAdmin
 * {@code Authorization}) when the UserAdmin API is there at all.
 */
public final class HostRoles {

    private HostRoles() {
    }

    /** @return whether the authorization object grants the role; false when it is absent or of no known kind */
    public static boolean authorizationGrants(Object authorization, String role) {
        if (authorization == null) {
            return false;
        }
        try {
            return UserAdminRoles.grants(authorization, role);
        } catch (NoClassDefFoundError e) {
            // no UserAdmin API in this host: nobody can have set an Authorization
            return false;
        }
    }
}
