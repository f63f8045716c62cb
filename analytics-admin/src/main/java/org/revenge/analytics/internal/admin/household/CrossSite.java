package org.revenge.analytics.internal.admin.household;

import java.net.URI;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

/**
 * Whether a state-changing request comes from another site. A browser that sends
 * {@code Sec-Fetch-Site} says so itself ({@code same-origin}, or {@code none} for a request the
 * person typed); one that sends {@code Origin} must name this server. The form token is checked
 * as well: these headers only refuse what a browser admits to.
 */
final class CrossSite {

    private CrossSite() {
    }

    /** @return why the request is refused, or empty if it may go on */
    static Optional<String> refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Optional.of("cross-site request refused (Sec-Fetch-Site " + site + ")");
        }
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            String originHost = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            if (host != null && host.equalsIgnoreCase(originHost)) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // an Origin that is no address names no server, so not this one
        }
        return Optional.of("cross-site request refused (Origin " + origin + ")");
    }
}
