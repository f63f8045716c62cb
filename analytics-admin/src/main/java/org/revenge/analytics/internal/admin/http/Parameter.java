package org.revenge.analytics.internal.admin.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.revenge.analytics.internal.admin.params.Parameters;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.InvalidInputException;

/**
 * A parameter of a {@link Route}: where it is, how it is parsed and checked, and how it is
 * documented.
 *
 * @param name         its name
 * @param inPath       in the path ({@code {name}}) rather than the query
 * @param type         how its text is read
 * @param defaultValue the text used when a query parameter is absent, or {@code null} if it is required
 * @param example      a valid value, for the document (and the test that calls every operation)
 * @param description  what it means
 */
record Parameter(String name, boolean inPath, Type type, String defaultValue, String example, String description) {

    /** How a parameter's text is read. */
    enum Type {
        UUID, OPTIONAL_UUID, YEAR, PERIOD, DAILY_PERIOD, LIMIT, FROM, TO, OPTIONAL_INSTANT, FORMAT, TEXT;

        Object parse(String field, String text) {
            return switch (this) {
                case UUID -> Parameters.uuid(field, text);
                case YEAR -> Parameters.year(field, text);
                case OPTIONAL_UUID -> text == null || text.isEmpty() ? null : Parameters.uuid(field, text);
                case OPTIONAL_INSTANT -> text == null || text.isEmpty() ? null : Parameters.instant(field, text, false);
                case PERIOD -> Parameters.period(field, text);
                case DAILY_PERIOD -> Parameters.period(field, text, Parameters.MAX_DAILY_PERIOD);
                case LIMIT -> Parameters.limit(field, text);
                case FROM -> Parameters.instant(field, text, false);
                case TO -> Parameters.instant(field, text, true);
                case FORMAT -> Parameters.format(field, text);
                case TEXT -> {
                    if (text == null || text.isBlank()) {
                        throw new InvalidInputException(field, "is required");
                    }
                    yield text.strip();
                }
            };
        }

        Map<String, Object> schema() {
            Map<String, Object> schema = new LinkedHashMap<>();
            switch (this) {
                case UUID, OPTIONAL_UUID -> {
                    schema.put("type", "string");
                    schema.put("format", "uuid");
                }
                case PERIOD, DAILY_PERIOD -> {
                    schema.put("type", "string");
                    schema.put("description", "ISO-8601 duration or the shell's short form (PT1H or 1h to P36525D"
                            + (this == DAILY_PERIOD ? ", here at most P400D or 400d" : ", or 'all'")
                            + "; 7d is P7D, 4w is P28D); days count whole days in the plugin's time zone");
                }
                case YEAR -> {
                    schema.put("type", "integer");
                    schema.put("minimum", 1970);
                    schema.put("maximum", 9999);
                }
                case LIMIT -> {
                    schema.put("type", "integer");
                    schema.put("minimum", 1);
                    schema.put("maximum", AnalyticsService.MAX_LIMIT);
                }
                case OPTIONAL_INSTANT -> {
                    schema.put("type", "string");
                    schema.put("format", "date-time");
                }
                case FROM, TO -> {
                    schema.put("type", "string");
                    schema.put("description", "a date (a whole day in UTC, both ends included) or an ISO-8601 date-time with offset");
                }
                case FORMAT -> {
                    schema.put("type", "string");
                    schema.put("enum", List.of("csv", "json"));
                }
                case TEXT -> schema.put("type", "string");
            }
            return schema;
        }
    }

    static Parameter path(String name, Type type, String example, String description) {
        return new Parameter(name, true, type, null, example, description);
    }

    static Parameter query(String name, Type type, String defaultValue, String example, String description) {
        return new Parameter(name, false, type, defaultValue, example, description);
    }

    boolean required() {
        return inPath || defaultValue == null;
    }
}
