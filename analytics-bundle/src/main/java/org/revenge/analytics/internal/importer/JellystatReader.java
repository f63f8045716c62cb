package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;

/**
 * A Jellystat backup: a JSON array of one-key objects, one per table, in any order. Streamed twice
 * with Jackson's parser and never loaded whole (backups run to hundreds of MB): first the items
 * ({@code jf_library_items}, {@code jf_library_episodes}) for runtimes, types and libraries, which
 * are as many as the library has items; then {@code jf_playback_activity}, one viewing per row.
 * {@code ActivityDateInserted} is the session's end, so it started {@code PlaybackDuration} seconds
 * earlier. The final position is {@code PlayState.PositionTicks} where the backup has it (100 ns
 * ticks); without it completion is unknown. Never read: user names, addresses, device names or ids.
 */
final class JellystatReader implements SourceReader {

    private static final String ACTIVITY = "jf_playback_activity";
    private static final String ITEMS = "jf_library_items";
    private static final String EPISODES = "jf_library_episodes";
    private static final long TICKS_PER_SEC = 10_000_000L;
    private static final Set<String> ITEM_FIELDS = Set.of("Id", "Type", "ParentId", "RunTimeTicks");
    private static final Set<String> EPISODE_FIELDS = Set.of("EpisodeId", "RunTimeTicks");
    private static final Set<String> ACTIVITY_FIELDS = Set.of("Id", "UserId", "NowPlayingItemId", "EpisodeId", "Client",
            "PlaybackDuration", "ActivityDateInserted", "PlayState.PositionTicks");

    /** What the items tables say of one item. */
    private record Item(String type, String libraryId, long runtimeSec) {
    }

    private final JsonFactory json = JsonFactory.builder().build();

    @Override
    public void read(Path file, ViewingSink sink) throws IOException {
        Map<String, Item> items = new HashMap<>();
        tables(file, (table, parser) -> {
            if (ITEMS.equals(table)) {
                Map<String, String> item = JsonRecords.read(parser, ITEM_FIELDS);
                if (item.get("Id") != null) {
                    items.put(item.get("Id"), new Item(item.get("Type"), item.get("ParentId"), seconds(item.get("RunTimeTicks"))));
                }
            } else if (EPISODES.equals(table)) {
                Map<String, String> episode = JsonRecords.read(parser, EPISODE_FIELDS);
                if (episode.get("EpisodeId") != null) {
                    items.put(episode.get("EpisodeId"), new Item("Episode", null, seconds(episode.get("RunTimeTicks"))));
                }
            } else {
                parser.skipChildren();
            }
        });
        boolean[] found = {false};
        tables(file, (table, parser) -> {
            if (ACTIVITY.equals(table)) {
                found[0] = true;
                sink.row();
                activity(JsonRecords.read(parser, ACTIVITY_FIELDS), items, sink);
            } else {
                parser.skipChildren();
            }
        });
        if (!found[0] && items.isEmpty()) {
            throw new InvalidInputException("file", "holds no " + ACTIVITY + " table (is it a Jellystat backup?)");
        }
    }

    private static void activity(Map<String, String> row, Map<String, Item> items, ViewingSink sink) throws IOException {
        String series = row.get("NowPlayingItemId");
        String episode = row.get("EpisodeId");
        String media = episode != null ? episode : series;
        Item item = media == null ? null : items.get(media);
        Item parent = series == null ? null : items.get(series);
        MediaType type = episode != null ? MediaType.EPISODE : itemType(item);
        if (type == null) {
            sink.skipped(SkipReasons.OTHER_MEDIA_TYPE);
            return;
        }
        Instant ended = instant(row.get("ActivityDateInserted"));
        long duration = number(row.get("PlaybackDuration"));
        if (row.get("Id") == null || row.get("UserId") == null || media == null || ended == null || duration == Long.MIN_VALUE) {
            sink.skipped(SkipReasons.INCOMPLETE_ROW);
            return;
        }
        if (duration < 0) {
            sink.skipped(SkipReasons.ENDS_BEFORE_START);
            return;
        }
        String library = parent != null && parent.libraryId() != null ? parent.libraryId()
                : item != null && item.libraryId() != null ? item.libraryId() : "unknown-" + type.wireName();
        long position = seconds(row.get("PlayState.PositionTicks"));
        sink.viewing(new Viewing(row.get("Id"), row.get("UserId"), media, library, type, ended.minusSeconds(duration), ended,
                duration, position, item == null ? -1 : item.runtimeSec(), row.get("Client")));
    }

    private static MediaType itemType(Item item) {
        if (item == null || item.type() == null) {
            // an item the backup no longer lists: a play of something, of a kind it does not say
            return MediaType.OTHER;
        }
        return switch (item.type()) {
            case "Movie" -> MediaType.MOVIE;
            case "Episode", "Series" -> MediaType.EPISODE;
            case "Audio" -> MediaType.TRACK;
            case "AudioBook" -> MediaType.AUDIOBOOK;
            case "Video", "MusicVideo" -> MediaType.OTHER;
            default -> null;
        };
    }

    /** Receives each row object of each table; must consume the object. */
    @FunctionalInterface
    private interface TableRows {
        void row(String table, JsonParser parser) throws IOException;
    }

    /** Walks every element of the top-level array and every table in it. */
    private void tables(Path file, TableRows rows) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = json.createParser(in)) {
            parser.nextToken();
            JsonRecords.expect(parser, JsonToken.START_ARRAY, "a Jellystat backup (a JSON array of tables)");
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String table = parser.currentName();
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        parser.skipChildren();
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        rows.row(table, parser);
                    }
                }
            }
        }
    }

    private static long seconds(String ticks) {
        long value = number(ticks);
        return value == Long.MIN_VALUE || value < 0 ? -1 : value / TICKS_PER_SEC;
    }

    /** @return the number, or Long.MIN_VALUE when missing or not a number */
    private static long number(String text) {
        if (text == null || text.isBlank()) {
            return Long.MIN_VALUE;
        }
        try {
            return Math.round(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
