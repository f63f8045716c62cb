package org.revenge.analytics.internal.admin.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.CompletionRate;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.UserStats;
import org.revenge.analytics.spi.WeekdayHour;

class JsonWriterTest {

    static final ShownNames NONE = ShownNames.none();

    @Test
    void everyIdTheHostNamesIsFollowedByItsName() {
        UUID item = UUID.fromString("be6764d1-0000-4000-8000-000000000001");
        UUID library = UUID.fromString("3e6f232d-0000-4000-8000-000000000002");
        AnalyticsNames host = mock(AnalyticsNames.class);
        when(host.nameOfMedia(item)).thenReturn("Salt and Stone S2E8 · Quiet River");
        when(host.nameOfLibrary(library)).thenReturn("TV Shows");
        MediaStats stats = new MediaStats(item, library, MediaType.EPISODE, 3, 1, 600, 2, Instant.parse("2026-03-01T10:00:00Z"));

        assertThat(JsonWriter.toJson(stats, ShownNames.of(() -> host))).startsWith("{\"mediaId\":\"" + item
                + "\",\"title\":\"Salt and Stone S2E8 · Quiet River\",\"libraryId\":\"" + library + "\",\"libraryName\":\"TV Shows\",");
        assertThat(JsonWriter.toJson(stats, NONE)).as("without the names service, short ids")
                .contains("\"title\":\"be6764d1\"").contains("\"libraryName\":\"3e6f232d\"");
        assertThat(JsonWriter.toJson(new MaybeUser(null), NONE)).isEqualTo("{\"userId\":null,\"userName\":null}");
    }

    /** A record with an id that may be missing. */
    public record MaybeUser(UUID userId) {
    }

    @Test
    void anSpiRecordIsWrittenComponentByComponent() {
        UUID user = UUID.fromString("0a11ce00-0000-4000-8000-000000000001");
        UserStats stats = new UserStats(user, Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T10:00:00Z"), 2, 1, 600, 2,
                List.of(new DailyActivity(LocalDate.parse("2026-03-01"), 2, 1, 600)));
        assertThat(JsonWriter.toJson(stats, NONE)).isEqualTo("{\"userId\":\"0a11ce00-0000-4000-8000-000000000001\",\"userName\":\"0a11ce00\","
                + "\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T10:00:00Z\",\"plays\":2,\"completedPlays\":1,"
                + "\"watchTimeSec\":600,\"uniqueItems\":2,"
                + "\"byDay\":[{\"date\":\"2026-03-01\",\"plays\":2,\"completedPlays\":1,\"watchTimeSec\":600}]}");
    }

    @Test
    void enumsAreLowerCaseAndMediaTypesTheirWireName() {
        assertThat(JsonWriter.toJson(new WeekdayHour(DayOfWeek.MONDAY, 3, 1, 2), NONE)).contains("\"dayOfWeek\":\"monday\"");
        assertThat(JsonWriter.toJson(new CompletionRate(MediaType.AUDIOBOOK, 2, 1, 0.5), NONE)).isEqualTo(
                "{\"mediaType\":\"audiobook\",\"plays\":2,\"completedPlays\":1,\"rate\":0.5}");
        assertThat(JsonWriter.toJson(new CompletionRate(null, 0, 0, Double.NaN), NONE)).isEqualTo(
                "{\"mediaType\":null,\"plays\":0,\"completedPlays\":0,\"rate\":null}");
    }

    @Test
    void stringsAreEscaped() {
        assertThat(JsonWriter.toJson(Map.of("k", "a\"b\\c\nd\u0001"), NONE)).isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\u0001\"}");
        assertThat(JsonWriter.toJson(Duration.ofMinutes(90), NONE)).isEqualTo("\"PT1H30M\"");
    }

    @Test
    void schemasFollowTheSameMapping() {
        JsonSchemas schemas = new JsonSchemas();
        assertThat(schemas.schemaOf(UserStats.class)).isEqualTo(Map.of("$ref", "#/components/schemas/UserStats"));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) schemas.components().get("UserStats")).get("properties");
        assertThat(properties.keySet()).containsExactly("userId", "userName", "from", "to", "plays", "completedPlays", "watchTimeSec",
                "uniqueItems", "byDay");
        assertThat(properties.get("byDay")).isEqualTo(Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/DailyActivity")));
        assertThat(schemas.components()).containsKey("DailyActivity");
    }
}
