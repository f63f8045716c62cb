package org.revenge.analytics.internal.admin.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.revenge.analytics.internal.admin.auth.Caller;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.InvalidInputException;

/**
 * One authorised request to a {@link Route}, its parameters already parsed and checked: what a
 * handler reads and calls.
 */
final class ApiCall {

    private static final int MAX_BODY = 1024;

    private final Route route;
    private final Caller caller;
    private final Map<String, Object> values;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Supplier<AnalyticsService> analytics;
    private final Supplier<AnalyticsAdmin> admin;
    private final AuditLog audit;
    private final Supplier<AnalyticsImporter> importer;
    private final ImportUploads uploads;

    ApiCall(Route route, Caller caller, Map<String, Object> values, HttpServletRequest request, HttpServletResponse response,
            Supplier<AnalyticsService> analytics, Supplier<AnalyticsAdmin> admin, AuditLog audit,
            Supplier<AnalyticsImporter> importer, ImportUploads uploads) {
        this.route = route;
        this.caller = caller;
        this.values = values;
        this.request = request;
        this.response = response;
        this.analytics = analytics;
        this.admin = admin;
        this.audit = audit;
        this.importer = importer;
        this.uploads = uploads;
    }

    /** @throws ApiException 503 if the service is not registered */
    AnalyticsImporter importer() {
        AnalyticsImporter service = importer.get();
        if (service == null) {
            throw new ApiException(503, null, "the AnalyticsImporter service is not available (the analytics bundle is stopped, or older than SPI 1.4)");
        }
        return service;
    }

    /** The imports started over HTTP. */
    ImportUploads uploads() {
        return uploads;
    }

    /** The request's body as it arrives, for an upload. */
    InputStream body() throws IOException {
        return request.getInputStream();
    }

    Caller caller() {
        return caller;
    }

    /** @throws ApiException 503 if the service is not registered */
    AnalyticsService analytics() {
        AnalyticsService service = analytics.get();
        if (service == null) {
            throw new ApiException(503, null, "the analytics service is not available (not configured, starting, or its database was never reached)");
        }
        return service;
    }

    /** @return the admin service, or empty while there is none (an analytics bundle older than SPI 1.3) */
    Optional<AnalyticsAdmin> adminIfPresent() {
        return Optional.ofNullable(admin.get());
    }

    /** @throws ApiException 503 if the service is not registered */
    AnalyticsAdmin admin() {
        AnalyticsAdmin service = admin.get();
        if (service == null) {
            throw new ApiException(503, null, "the analytics admin service is not available");
        }
        return service;
    }

    /** The user a route is about: {@code {userId}} for an admin route, the caller for a {@code /me} route. */
    UUID user() {
        if (route.access() == Route.Access.SELF) {
            return caller.userId().orElseThrow();
        }
        return (UUID) values.get("userId");
    }

    UUID uuid(String name) {
        return (UUID) values.get(name);
    }

    Duration period(String name) {
        return (Duration) values.get(name);
    }

    int year() {
        return (Integer) values.get("year");
    }

    int limit() {
        return (Integer) values.get("limit");
    }

    Instant instant(String name) {
        return (Instant) values.get(name);
    }

    ExportFormat format() {
        return (ExportFormat) values.get("format");
    }

    String text(String name) {
        return (String) values.get(name);
    }

    /** Notes an admin's access to a user's data (a user's access to their own is not audited). */
    void audit(String action, UUID user, String detail) {
        if (route.access() == Route.Access.ADMIN) {
            audit.record(caller, action, user, detail, "http");
        }
    }

    /** Notes an export of every user's plays. */
    void auditAll(String action, String detail) {
        audit.record(caller, action, null, detail, "http");
    }

    /** Notes an export of a user's data or a listing of user ids, whoever asks (the user themselves too). */
    void auditAlways(String action, UUID user, String detail) {
        audit.record(caller, action, user, detail, "http");
    }

    /**
     * Runs an audited change of a user's data (an erasure, an opt-out); one that fails is audited
     * as failed, then fails as before.
     */
    <T> T auditedChange(String action, UUID user, java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (RuntimeException e) {
            audit.recordFailure(caller, action, user, e.getMessage(), "http");
            throw e;
        }
    }

    void status(int status) {
        response.setStatus(status);
    }

    /** Starts a streamed answer shown as it is (no download): the response's body. */
    OutputStream body(String contentType) throws IOException {
        response.setStatus(200);
        response.setContentType(contentType);
        return response.getOutputStream();
    }

    /** Starts a streamed answer: the response's body, as a download named {@code filename}. */
    OutputStream stream(String contentType, String filename) throws IOException {
        response.setStatus(200);
        response.setContentType(contentType);
        response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        response.setHeader("Cache-Control", "no-store");
        return response.getOutputStream();
    }

    /** The route's body, {@code {"member": true|false}}, and nothing else. */
    boolean bodyFlag() throws IOException {
        String member = route.body().member();
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new InvalidInputException("body", "must be at most " + MAX_BODY + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile("\\A\\s*\\{\\s*\"" + Pattern.quote(member) + "\"\\s*:\\s*(true|false)\\s*}\\s*\\z").matcher(text);
        if (!matcher.matches()) {
            throw new InvalidInputException(member, "the body must be the JSON object {\"" + member + "\": true} or {\"" + member + "\": false}");
        }
        return Boolean.parseBoolean(matcher.group(1));
    }
}
