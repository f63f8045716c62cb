package org.revenge.analytics.internal.admin.shell;

import java.security.AccessController;
import java.security.Principal;

import javax.security.auth.Subject;

/**
 * Who runs a command, for the audit log. Karaf runs each shell session as the JAAS subject that
 * logged in; its user principal is the one whose class is named {@code UserPrincipal}. Gogo
 * without Karaf has no login, so the process's user stands in.
 */
final class Actor {

    private Actor() {
    }

    @SuppressWarnings("removal")
    static String current() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (Principal principal : subject.getPrincipals()) {
                if (principal.getClass().getSimpleName().equals("UserPrincipal")) {
                    return principal.getName();
                }
            }
        }
        return "console(" + System.getProperty("user.name", "unknown") + ")";
    }
}
