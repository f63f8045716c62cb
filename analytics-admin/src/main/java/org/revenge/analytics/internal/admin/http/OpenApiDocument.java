package org.revenge.analytics.internal.admin.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.revenge.analytics.internal.admin.json.JsonSchemas;

/**
 * The OpenAPI 3.0 description of the API, generated from the route table the servlet dispatches
 * on: every route is one operation, with its parameters, body, answer schema (derived from the SPI
 * records by {@link JsonSchemas}) and the error answers it can give.
 */
final class OpenApiDocument {

    private static final Map<String, String> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put("400", "a parameter or the body is not valid (field names it)");
        ERRORS.put("401", "no or wrong credentials");
        ERRORS.put("403", "not allowed for this caller");
        ERRORS.put("409", "recording is disabled, so this cannot be done now");
        ERRORS.put("503", "the analytics service or its database is not available");
    }

    private OpenApiDocument() {
    }

    /**
     * @param routes  the route table
     * @param version the bundle's version
     * @return the document, as maps and lists for {@code JsonWriter}
     */
    static Map<String, Object> of(List<Route> routes, String version) {
        JsonSchemas schemas = new JsonSchemas();
        Map<String, Object> errorRef = schemas.schemaOf(Documents.Error.class);
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> operations = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            operations.put(route.method().toLowerCase(Locale.ROOT), operation(route, schemas, errorRef));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", Map.of("title", "Revenge Analytics API", "version", version,
                "description", "Admin endpoints need the configured admin role; /me endpoints are about the caller only. "
                        + "Every error answer is {status, error, field, reason}."));
        document.put("servers", List.of(Map.of("url", AnalyticsHttpApi.BASE)));
        document.put("security", List.of(Map.of("basic", List.of())));
        document.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("securitySchemes", Map.of("basic", Map.of("type", "http", "scheme", "basic")));
        components.put("schemas", schemas.components());
        document.put("components", components);
        return document;
    }

    private static Map<String, Object> operation(Route route, JsonSchemas schemas, Map<String, Object> errorRef) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", route.operationId());
        operation.put("summary", route.summary());
        operation.put("tags", List.of(route.access().name().toLowerCase(Locale.ROOT)));
        List<Object> parameters = new java.util.ArrayList<>();
        for (Parameter parameter : route.parameters()) {
            Map<String, Object> schema = new LinkedHashMap<>(parameter.type().schema());
            if (parameter.defaultValue() != null) {
                schema.put("default", parameter.type() == Parameter.Type.LIMIT ? Integer.valueOf(parameter.defaultValue()) : parameter.defaultValue());
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("name", parameter.name());
            described.put("in", parameter.inPath() ? "path" : "query");
            described.put("required", parameter.required());
            described.put("description", parameter.description());
            described.put("example", parameter.example());
            described.put("schema", schema);
            parameters.add(described);
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (route.body() != null && route.body().member() == null) {
            operation.put("requestBody", Map.of("required", true, "description", route.body().description(),
                    "content", Map.of("application/octet-stream", Map.of("schema", Map.of("type", "string", "format", "binary")))));
        } else if (route.body() != null) {
            Map<String, Object> bodySchema = Map.of("type", "object", "required", List.of(route.body().member()),
                    "additionalProperties", false,
                    "properties", Map.of(route.body().member(), Map.of("type", "boolean", "description", route.body().description())));
            operation.put("requestBody", Map.of("required", true, "content", Map.of("application/json", Map.of("schema", bodySchema))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> content = new LinkedHashMap<>();
        if (route.result() != null) {
            content.put("application/json", Map.of("schema", schemas.schemaOf(route.result())));
        } else {
            for (String mediaType : new java.util.TreeSet<>(route.streams().values())) {
                content.put(mediaType, Map.of("schema", Map.of("type", "string", "format", "binary")));
            }
        }
        responses.put(String.valueOf(route.status()), Map.of("description", "done", "content", content));
        for (Map.Entry<String, String> error : ERRORS.entrySet()) {
            responses.put(error.getKey(), Map.of("description", error.getValue(),
                    "content", Map.of("application/json", Map.of("schema", errorRef))));
        }
        if (route.path().equals("/imports")) {
            responses.put("413", Map.of("description", "the file is larger than import.max.upload.mib",
                    "content", Map.of("application/json", Map.of("schema", errorRef))));
        }
        if (route.path().equals("/imports/runs/{runId}")) {
            responses.put("404", Map.of("description", "no import run of that id is known",
                    "content", Map.of("application/json", Map.of("schema", errorRef))));
        }
        if (route.path().equals("/libraries/{libraryId}")) {
            responses.put("404", Map.of("description", "the library was never scanned",
                    "content", Map.of("application/json", Map.of("schema", errorRef))));
        }
        operation.put("responses", responses);
        return operation;
    }
}
