package org.revenge.analytics.internal.admin.http;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of the HTTP API: what the servlet dispatches on and what the OpenAPI document
 * describes, so the two cannot differ.
 *
 * @param method      the HTTP method
 * @param path        the path below {@link AnalyticsHttpApi#BASE}, with {@code {name}} for a path parameter
 * @param access      who may call it
 * @param operationId the OpenAPI operation id
 * @param summary     one sentence for the document
 * @param parameters  every parameter it takes; any other query parameter is refused
 * @param body        the JSON body it takes, or {@code null}
 * @param status      the status of a successful answer
 * @param result      the Java type of the JSON answer, or {@code null} when it streams
 * @param streams     the media types it streams, by name of the {@code format} value, or empty
 * @param handler     what it does
 */
record Route(String method, String path, Access access, String operationId, String summary,
             List<Parameter> parameters, Body body, int status, Type result, Map<String, String> streams,
             Handler handler) {

    /** Who may call an operation. */
    enum Access {
        /** any authenticated caller */
        ANY,
        /** a caller whose login stands for a user, about that user only */
        SELF,
        /** a caller with the admin role */
        ADMIN
    }

    /**
     * A JSON body of one boolean member, {@code {"<member>": true}}; or, with no member, a file
     * uploaded as the body (application/octet-stream).
     *
     * @param member      the member's name, or null for an uploaded file
     * @param description what it means
     */
    record Body(String member, String description) {
    }

    /** What an operation does with a checked request; returns the JSON answer, or null if it wrote the response. */
    @FunctionalInterface
    interface Handler {
        Object handle(ApiCall call) throws IOException;
    }

    /** @return the path parameters' values if the path matches this route's template */
    Optional<Map<String, String>> match(String requestPath) {
        String[] template = path.split("/", -1);
        String[] actual = requestPath.split("/", -1);
        if (template.length != actual.length) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return Optional.empty();
                }
                values.put(template[i].substring(1, template[i].length() - 1), actual[i]);
            } else if (!template[i].equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }
}
