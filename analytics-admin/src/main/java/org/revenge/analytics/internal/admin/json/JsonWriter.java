package org.revenge.analytics.internal.admin.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.MediaType;

/**
 * Writes values as JSON: the SPI's records (each component by its name, in declaration order),
 * lists, maps, strings, numbers, booleans and {@code null}. Instants, dates and durations are
 * ISO-8601 strings, UUIDs their canonical form, {@link MediaType} its wire name and other enums
 * their lower-case name, so every surface of the admin bundle writes the SPI the same way. A
 * record's {@code mediaId}, {@code libraryId} and {@code userId} are followed by the name the host
 * gives it ({@link NamedIds}). {@link JsonSchemas} describes exactly this mapping for the OpenAPI document.
 */
public final class JsonWriter {

    private final Writer out;
    private final ShownNames names;

    public JsonWriter(Writer out, ShownNames names) {
        this.out = out;
        this.names = names;
    }

    /** @return the value as a JSON text */
    public static String toJson(Object value, ShownNames names) {
        var text = new java.io.StringWriter();
        try {
            new JsonWriter(text, names).value(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes one value, recursively. */
    public JsonWriter value(Object value) throws IOException {
        if (value == null) {
            out.write("null");
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof Boolean flag) {
            out.write(flag.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            out.write(Double.isFinite(number) ? Double.toString(number) : "null");
        } else if (value instanceof Number number) {
            out.write(number.toString());
        } else if (value instanceof MediaType type) {
            string(type.wireName());
        } else if (value instanceof ImportSource source) {
            string(source.wireName());
        } else if (value instanceof Enum<?> constant) {
            string(constant.name().toLowerCase(Locale.ROOT));
        } else if (value instanceof UUID || value instanceof Instant || value instanceof LocalDate
                || value instanceof Duration) {
            string(value.toString());
        } else if (value instanceof Optional<?> optional) {
            value(optional.orElse(null));
        } else if (value instanceof Map<?, ?> map) {
            object(map);
        } else if (value instanceof Collection<?> items) {
            array(items);
        } else if (value.getClass().isRecord()) {
            record(value);
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
        return this;
    }

    private void object(Map<?, ?> map) throws IOException {
        out.write('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            string(String.valueOf(entry.getKey()));
            out.write(':');
            value(entry.getValue());
        }
        out.write('}');
    }

    private void array(Collection<?> items) throws IOException {
        out.write('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.write(',');
            }
            first = false;
            value(item);
        }
        out.write(']');
    }

    private void record(Object record) throws IOException {
        out.write('{');
        boolean first = true;
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            string(component.getName());
            out.write(':');
            Object value = read(component, record);
            value(value);
            if (NamedIds.named(component.getName(), component.getType())) {
                out.write(',');
                string(NamedIds.NAME_FIELD.get(component.getName()));
                out.write(':');
                value(NamedIds.nameOf(component.getName(), (UUID) value, names));
            }
        }
        out.write('}');
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private void string(String text) throws IOException {
        out.write('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }
}
