package org.revenge.analytics.internal.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    private final List<Route> routes = ApiRoutes.all(true);

    @Test
    void everyRouteIsInTheDocumentAndTheDocumentHasNoOther() {
        Map<String, Object> document = OpenApiDocument.of(routes, "1.0.0");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new HashSet<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        Set<String> routed = new HashSet<>();
        routes.forEach(route -> routed.add(route.method() + " " + route.path()));
        assertThat(documented).isEqualTo(routed).hasSize(routes.size());
    }

    @Test
    void noTwoRoutesShareAMethodAndPathNorAnOperationId() {
        Set<String> keys = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Route route : routes) {
            assertThat(keys.add(route.method() + " " + route.path())).as(route.path()).isTrue();
            assertThat(ids.add(route.operationId())).as(route.operationId()).isTrue();
        }
    }

    @Test
    void everyExampleIsAValidValueAndEveryDefaultToo() {
        for (Route route : routes) {
            for (Parameter parameter : route.parameters()) {
                assertThat(parameter.type().parse(parameter.name(), parameter.example())).as(route.path() + " " + parameter.name()).isNotNull();
                if (parameter.defaultValue() != null) {
                    assertThat(parameter.type().parse(parameter.name(), parameter.defaultValue())).isNotNull();
                }
            }
        }
    }

    @Test
    void pathTemplatesMatchOneSegmentPerParameter() {
        Route stats = routes.stream().filter(route -> route.path().equals("/users/{userId}/stats")).findFirst().orElseThrow();
        assertThat(stats.match("/users/abc/stats")).hasValue(Map.of("userId", "abc"));
        assertThat(stats.match("/users//stats")).isEmpty();
        assertThat(stats.match("/users/a/b/stats")).isEmpty();
        assertThat(stats.match("/users/abc/stats/")).isEmpty();
    }

    @Test
    void onlyMeRoutesAreOpenToPlainUsers() {
        for (Route route : routes) {
            if (route.access() != Route.Access.ADMIN) {
                assertThat(route.path()).as(route.operationId()).matches("/me(/.*)?|/openapi\\.json");
                assertThat(route.parameters()).as(route.operationId()).noneMatch(parameter -> parameter.name().equals("userId"));
            }
        }
    }
}
