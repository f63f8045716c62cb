package org.revenge.analytics.internal.admin.json;

import java.util.Map;
import java.util.UUID;

import org.revenge.analytics.internal.admin.names.ShownNames;

/**
 * Which record components hold an id the host can name, and the member written next to each:
 * {@code mediaId} gets {@code title}, {@code libraryId} gets {@code libraryName}, {@code userId}
 * gets {@code userName}. {@link JsonWriter} writes them and {@link JsonSchemas} documents them from
 * this one table.
 */
final class NamedIds {

    /** Component name to the name of the member written right after it. */
    static final Map<String, String> NAME_FIELD = Map.of("mediaId", "title", "libraryId", "libraryName", "userId", "userName");

    static final Map<String, String> DESCRIPTION = Map.of(
            "title", "the item's title as the host names it, or the first 8 characters of mediaId",
            "libraryName", "the library's name as the host gives it, or the first 8 characters of libraryId",
            "userName", "the user's display name as the host gives it (never stored), or the first 8 characters of userId");

    private NamedIds() {
    }

    static String nameOf(String component, UUID id, ShownNames names) {
        return switch (component) {
            case "mediaId" -> names.media(id);
            case "libraryId" -> names.library(id);
            case "userId" -> names.user(id);
            default -> throw new IllegalArgumentException("no name for " + component);
        };
    }

    /** @return whether the component is an id the host names */
    static boolean named(String component, Class<?> type) {
        return type == UUID.class && NAME_FIELD.containsKey(component);
    }
}
