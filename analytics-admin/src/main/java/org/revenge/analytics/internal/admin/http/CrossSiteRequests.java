package org.revenge.analytics.internal.admin.http;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a request that changes something (any method but GET, HEAD and OPTIONS) when a page of
 * another site may have made the admin's browser send it: the browser resends the Basic login by
 * itself, and a plain HTML form can POST to any address. Such a request is known by what the
 * browser adds and a page cannot forge: {@code Sec-Fetch-Site} other than {@code same-origin} or
 * {@code none}, an {@code Origin} that names another server, or a body type a form sends
 * ({@code application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}; a
 * page can send JSON only after a CORS preflight, which this API never allows).
 */
final class CrossSiteRequests {

    /** Why a request was refused: the header that gave it away, and the reason in words. */
    record Refusal(String header, String reason) {
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    private CrossSiteRequests() {
    }

    /**
     * @param method      the request's method
     * @param contentType its {@code Content-Type}, or null
     * @param origin      its {@code Origin}, or null
     * @param fetchSite   its {@code Sec-Fetch-Site}, or null
     * @param host        its {@code Host}, or null
     * @return why it is refused, or empty if it may go on
     */
    static Optional<Refusal> refusal(String method, String contentType, String origin, String fetchSite, String host) {
        if (SAFE_METHODS.contains(method)) {
            return Optional.empty();
        }
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return Optional.of(new Refusal("Sec-Fetch-Site", "cross-site request refused: the browser says it comes from "
                    + "another site (Sec-Fetch-Site: " + fetchSite + ")"));
        }
        if (origin != null && !origin.isEmpty() && !sameServer(origin, host)) {
            return Optional.of(new Refusal("Origin", "cross-site request refused: Origin " + origin + " is not this server"
                    + (host == null ? "" : " (" + host + ")")));
        }
        if (contentType != null) {
            String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (FORM_TYPES.contains(type)) {
                return Optional.of(new Refusal("Content-Type", "cross-site request refused: Content-Type " + type
                        + " is what a web form sends; send application/json, or no body"));
            }
        }
        return Optional.empty();
    }

    private static boolean sameServer(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return host != null && uri.getHost() != null && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
