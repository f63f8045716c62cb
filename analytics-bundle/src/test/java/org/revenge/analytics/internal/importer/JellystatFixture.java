package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes a Jellystat backup as Jellystat does: a JSON array of one-key objects, one per table, with
 * Jellystat's table and column names ({@code jf_playback_activity}, {@code jf_library_items},
 * {@code jf_library_episodes}, ...) including the private ones the importer must never keep. The
 * activity comes before the items, so a reader that looks only at the first element, or reads the
 * items only after the activity, gets it wrong.
 */
final class JellystatFixture {

    private final List<Consumer<JsonGenerator>> activity = new ArrayList<>();
    private final List<Consumer<JsonGenerator>> items = new ArrayList<>();
    private final List<Consumer<JsonGenerator>> episodes = new ArrayList<>();

    void item(String id, String name, String type, String parentId, long runtimeSec, String path) {
        items.add(json -> write(json, () -> {
            json.writeStringField("Id", id);
            json.writeStringField("Name", name);
            json.writeStringField("Type", type);
            json.writeStringField("ParentId", parentId);
            json.writeNumberField("RunTimeTicks", runtimeSec * 10_000_000L);
            json.writeStringField("Path", path);
            json.writeStringField("ServerId", "0123456789abcdef0123456789abcdef");
        }));
    }

    void episode(String episodeId, String seriesId, String name, long runtimeSec, String path) {
        episodes.add(json -> write(json, () -> {
            json.writeStringField("Id", episodeId + "-" + seriesId);
            json.writeStringField("EpisodeId", episodeId);
            json.writeStringField("SeriesId", seriesId);
            json.writeStringField("Name", name);
            json.writeNumberField("RunTimeTicks", runtimeSec * 10_000_000L);
            json.writeStringField("Path", path);
        }));
    }

    /** @param positionSec the PlayState position, or -1 for a row without PlayState */
    void activity(String id, String userId, String userName, String itemId, String episodeId, String client,
            String deviceName, String deviceId, String ip, long durationSec, Instant inserted, long positionSec) {
        activity.add(json -> write(json, () -> {
            json.writeStringField("Id", id);
            json.writeBooleanField("IsPaused", false);
            json.writeStringField("UserId", userId);
            json.writeStringField("UserName", userName);
            json.writeStringField("Client", client);
            json.writeStringField("DeviceName", deviceName);
            json.writeStringField("DeviceId", deviceId);
            json.writeStringField("ApplicationVersion", "10.9.11");
            json.writeStringField("NowPlayingItemId", itemId);
            json.writeStringField("NowPlayingItemName", "Name of " + itemId);
            json.writeStringField("EpisodeId", episodeId);
            json.writeStringField("SeasonId", episodeId == null ? null : "season-" + episodeId);
            json.writeStringField("PlaybackDuration", Long.toString(durationSec));
            json.writeStringField("ActivityDateInserted", inserted.toString().replace("Z", "+00:00"));
            json.writeStringField("PlayMethod", "DirectPlay");
            json.writeStringField("RemoteEndPoint", ip);
            if (positionSec >= 0) {
                json.writeObjectFieldStart("PlayState");
                json.writeNumberField("PositionTicks", positionSec * 10_000_000L);
                json.writeBooleanField("IsPaused", false);
                json.writeEndObject();
            }
            json.writeArrayFieldStart("MediaStreams");
            json.writeStartObject();
            json.writeStringField("Codec", "h264");
            json.writeEndObject();
            json.writeEndArray();
        }));
    }

    void write(Path file) throws IOException {
        try (JsonGenerator json = JsonFactory.builder().build().createGenerator(Files.newOutputStream(file))) {
            json.writeStartArray();
            table(json, "jf_libraries", List.of());
            table(json, "jf_playback_activity", activity);
            table(json, "jf_library_items", items);
            table(json, "jf_library_episodes", episodes);
            json.writeEndArray();
        }
    }

    private static void table(JsonGenerator json, String name, List<Consumer<JsonGenerator>> rows) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart(name);
        for (Consumer<JsonGenerator> row : rows) {
            row.accept(json);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    @FunctionalInterface
    private interface Fields {
        void write() throws IOException;
    }

    private static void write(JsonGenerator json, Fields fields) {
        try {
            json.writeStartObject();
            fields.write();
            json.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
