package org.revenge.analytics.internal.admin.json;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.MediaType;

/**
 * JSON Schemas (the OpenAPI 3.0 dialect) of the types {@link JsonWriter} writes, derived from the
 * same record components, so the documented shape cannot drift from the written one. Records
 * become named schemas collected in {@link #components()} and referenced by {@code $ref}.
 */
public final class JsonSchemas {

    private final Map<String, Object> components = new java.util.TreeMap<>();

    /** @return a schema for the type, registering the records it reaches */
    public Map<String, Object> schemaOf(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schemaOf(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schemaOf(arguments[1]));
            }
            throw new IllegalArgumentException("no schema for " + type);
        }
        Class<?> clazz = (Class<?>) type;
        if (clazz == String.class) {
            return Map.of("type", "string");
        }
        if (clazz == boolean.class || clazz == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (clazz == int.class || clazz == Integer.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (clazz == long.class || clazz == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (clazz == double.class || clazz == Double.class) {
            return Map.of("type", "number", "format", "double");
        }
        if (clazz == UUID.class) {
            return Map.of("type", "string", "format", "uuid");
        }
        if (clazz == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (clazz == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (clazz == Duration.class) {
            return Map.of("type", "string", "format", "duration", "description", "ISO-8601 duration");
        }
        if (Map.class.isAssignableFrom(clazz)) {
            return Map.of("type", "object");
        }
        if (clazz.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : clazz.getEnumConstants()) {
                names.add(constant instanceof MediaType media ? media.wireName()
                        : constant instanceof ImportSource source ? source.wireName()
                        : ((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return Map.of("type", "string", "enum", names);
        }
        if (clazz.isRecord()) {
            String schemaName = clazz.getSimpleName();
            if (!components.containsKey(schemaName)) {
                components.put(schemaName, Map.of()); // a placeholder stops a cycle
                Map<String, Object> properties = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                for (RecordComponent component : clazz.getRecordComponents()) {
                    properties.put(component.getName(), schemaOf(component.getGenericType()));
                    if (NamedIds.named(component.getName(), component.getType())) {
                        String name = NamedIds.NAME_FIELD.get(component.getName());
                        properties.put(name, Map.of("type", "string", "description", NamedIds.DESCRIPTION.get(name)));
                    }
                    if (component.getType().isPrimitive()) {
                        required.add(component.getName());
                    }
                }
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("type", "object");
                schema.put("properties", properties);
                if (!required.isEmpty()) {
                    schema.put("required", required);
                }
                components.put(schemaName, schema);
            }
            return Map.of("$ref", "#/components/schemas/" + schemaName);
        }
        throw new IllegalArgumentException("no schema for " + clazz.getName());
    }

    /** @return the named schemas of every record met so far */
    public Map<String, Object> components() {
        return components;
    }
}
