package org.revenge.analytics.internal.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.revenge.analytics.internal.export.JsonWriter;

/**
 * The JSON of a quarantined record: one object whose values are strings, numbers, booleans or
 * null, no nesting. PostgreSQL's {@code jsonb} refuses the escape {@code \u0000}, so a NUL
 * character is written as U+FFFD.
 */
final class FlatJson {

    private FlatJson() {
    }

    static void string(StringBuilder out, String value) {
        try {
            JsonWriter.string(out, value.replace('\0', '\uFFFD'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return each key with its value as text ({@code null} for JSON null)
     * @throws IllegalArgumentException if the text is not one flat JSON object
     */
    static Map<String, String> parse(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        int[] at = {skip(json, 0)};
        expect(json, at, '{');
        if (peek(json, at) == '}') {
            return fields;
        }
        while (true) {
            String key = readString(json, at);
            expect(json, at, ':');
            fields.put(key, readValue(json, at));
            char next = peek(json, at);
            at[0]++;
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected , or } at " + (at[0] - 1));
            }
        }
    }

    private static int skip(String json, int i) {
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static char peek(String json, int[] at) {
        at[0] = skip(json, at[0]);
        if (at[0] >= json.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return json.charAt(at[0]);
    }

    private static void expect(String json, int[] at, char c) {
        if (peek(json, at) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + at[0]);
        }
        at[0]++;
    }

    private static String readValue(String json, int[] at) {
        char c = peek(json, at);
        if (c == '"') {
            return readString(json, at);
        }
        int start = at[0];
        while (at[0] < json.length() && ",}".indexOf(json.charAt(at[0])) < 0 && !Character.isWhitespace(json.charAt(at[0]))) {
            at[0]++;
        }
        String literal = json.substring(start, at[0]);
        return literal.equals("null") ? null : literal;
    }

    private static String readString(String json, int[] at) {
        expect(json, at, '"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = json.charAt(at[0]++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = json.charAt(at[0]++);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(at[0], at[0] + 4), 16));
                    at[0] += 4;
                }
                default -> out.append(escaped);
            }
        }
    }
}
