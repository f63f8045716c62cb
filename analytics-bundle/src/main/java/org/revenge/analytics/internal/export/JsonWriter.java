package org.revenge.analytics.internal.export;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one JSON document as it goes, value by value, so an export of millions of plays holds
 * none of them. Only what the exports need: objects, arrays, strings, whole numbers, booleans
 * and null; instants as ISO-8601 UTC strings. The caller keeps the nesting right.
 */
public final class JsonWriter {

    private final Writer out;
    /** Per open object or array: whether it has no member yet. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    /** A name was just written, so the next value follows it without a comma. */
    private boolean afterName;

    public JsonWriter(Writer out) {
        this.out = out;
    }

    public JsonWriter beginObject() throws IOException {
        separate();
        out.write('{');
        empty.push(true);
        return this;
    }

    public JsonWriter endObject() throws IOException {
        empty.pop();
        out.write('}');
        return this;
    }

    public JsonWriter beginArray() throws IOException {
        separate();
        out.write('[');
        empty.push(true);
        return this;
    }

    public JsonWriter endArray() throws IOException {
        empty.pop();
        out.write(']');
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) throws IOException {
        separate();
        string(name);
        out.write(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) throws IOException {
        separate();
        if (value == null) {
            out.write("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonWriter value(Object value) throws IOException {
        return value(value == null ? null : value.toString());
    }

    public JsonWriter value(Instant value) throws IOException {
        return value(value == null ? null : value.toString());
    }

    public JsonWriter value(LocalDate value) throws IOException {
        return value(value == null ? null : value.toString());
    }

    public JsonWriter value(long value) throws IOException {
        separate();
        out.write(Long.toString(value));
        return this;
    }

    public JsonWriter value(boolean value) throws IOException {
        separate();
        out.write(value ? "true" : "false");
        return this;
    }

    /** A comma before every member but the first, and nothing between a name and its value. */
    private void separate() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!empty.isEmpty()) {
            if (!empty.pop()) {
                out.write(',');
            }
            empty.push(false);
        }
    }

    /** RFC 8259 string: quotes, backslashes and control characters escaped; the rest as it is (UTF-8 on the wire). */
    private void string(String value) throws IOException {
        string(out, value);
    }

    /** Writes an RFC 8259 string, as {@link #string(String)} does, to any text sink. */
    public static void string(Appendable out, String value) throws IOException {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
