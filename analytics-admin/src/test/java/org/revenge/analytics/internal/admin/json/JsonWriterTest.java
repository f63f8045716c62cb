package org.revenge.analytics.internal.admin.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.UserStats;
import org.revenge.analytics.spi.WeekdayHour;

class JsonWriterTest {

    @Test
    void anSpiRecordIsWrittenComponentByComponent() {
        UUID user = UUID.fromString("0a11ce00-0000-4000-8000-000000000001");
        UserStats stats = new UserStats(user, Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T10:00:00Z"), 2, 1, 600, 2,
                List.of(new DailyActivity(LocalDate.parse("2026-03-01"), 2, 1, 600)));
        assertThat(JsonWriter.toJson(stats)).isEqualTo("{\"userId\":\"0a11ce00-0000-4000-8000-000000000001\","
                + "\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T10:00:00Z\",\"plays\":2,\"completedPlays\":1,"
                + "\"watchTimeSec\":600,\"uniqueItems\":2,"
                + "\"byDay\":[{\"date\":\"2026-03-01\",\"plays\":2,\"completedPlays\":1,\"watchTimeSec\":600}]}");
    }

    @Test
    void enumsAreLowerCaseAndMediaTypesTheirWireName() {
        assertThat(JsonWriter.toJson(new WeekdayHour(DayOfWeek.MONDAY, 3, 1, 2))).contains("\"dayOfWeek\":\"monday\"");
        assertThat(JsonWriter.toJson(new CompletionRate(MediaType.AUDIOBOOK, 2, 1, 0.5))).isEqualTo(
                "{\"mediaType\":\"audiobook\",\"plays\":2,\"completedPlays\":1,\"rate\":0.5}");
        assertThat(JsonWriter.toJson(new CompletionRate(null, 0, 0, Double.NaN))).isEqualTo(
                "{\"mediaType\":null,\"plays\":0,\"completedPlays\":0,\"rate\":null}");
    }

    @Test
    void stringsAreEscaped() {
        assertThat(JsonWriter.toJson(Map.of("k", "a\"b\\c\nd\u0001"))).isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\u0001\"}");
        assertThat(JsonWriter.toJson(Duration.ofMinutes(90))).isEqualTo("\"PT1H30M\"");
    }

    @Test
    void schemasFollowTheSameMapping() {
        JsonSchemas schemas = new JsonSchemas();
        assertThat(schemas.schemaOf(UserStats.class)).isEqualTo(Map.of("$ref", "#/components/schemas/UserStats"));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) schemas.components().get("UserStats")).get("properties");
        assertThat(properties.keySet()).containsExactly("userId", "from", "to", "plays", "completedPlays", "watchTimeSec",
                "uniqueItems", "byDay");
        assertThat(properties.get("byDay")).isEqualTo(Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/DailyActivity")));
        assertThat(schemas.components()).containsKey("DailyActivity");
    }
}
