package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.revenge.analytics.spi.InvalidInputException;

/** Reads one JSON object off a streaming parser, keeping only the wanted scalar members as text. */
final class JsonRecords {

    private JsonRecords() {
    }

    /**
     * @param parser at the object's START_OBJECT; left at its END_OBJECT
     * @param wanted member names to keep; {@code Outer.Inner} reaches one level into a nested object
     * @return the wanted members present, as text (null for JSON null)
     */
    static Map<String, String> read(JsonParser parser, Set<String> wanted) throws IOException {
        Map<String, String> fields = new HashMap<>();
        read(parser, wanted, "", fields);
        return fields;
    }

    private static void read(JsonParser parser, Set<String> wanted, String prefix, Map<String, String> fields) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidInputException("file", "has " + parser.currentToken() + " where an object was expected (line "
                    + parser.currentLocation().getLineNr() + ")");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT && prefix.isEmpty() && wanted.stream().anyMatch(w -> w.startsWith(name + "."))) {
                read(parser, wanted, name + ".", fields);
            } else if (value.isStructStart()) {
                parser.skipChildren();
            } else if (wanted.contains(name)) {
                fields.put(name, value == JsonToken.VALUE_NULL ? null : parser.getText());
            }
        }
    }

    /** @throws InvalidInputException unless the parser is at the expected token */
    static void expect(JsonParser parser, JsonToken expected, String what) throws IOException {
        if (parser.currentToken() != expected) {
            throw new InvalidInputException("file", "is not " + what + ": found " + parser.currentToken() + " where "
                    + expected + " was expected (line " + parser.currentLocation().getLineNr() + ")");
        }
    }
}
