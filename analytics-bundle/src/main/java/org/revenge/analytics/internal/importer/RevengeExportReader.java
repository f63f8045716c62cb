package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.revenge.analytics.spi.MediaType;

/**
 * Revenge Analytics' own JSON export ({@code analytics:export FILE --format json}): an array of
 * plays with the {@code PlayRecord} members. A play is identified by its user and start, which is
 * its key here too. The export says whether a play completed rather than where it stopped, so a
 * completed play is read as a position of 1 of a runtime of 1, and an incomplete one as 0 of 1.
 * An open play (no end) is skipped as incomplete.
 */
final class RevengeExportReader implements SourceReader {

    private static final Set<String> FIELDS = Set.of("userId", "startedAt", "endedAt", "mediaId", "libraryId", "mediaType",
            "clientType", "durationSec", "completed");

    private final JsonFactory json = JsonFactory.builder().build();

    @Override
    public void read(Path file, ViewingSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = json.createParser(in)) {
            parser.nextToken();
            JsonRecords.expect(parser, JsonToken.START_ARRAY, "a Revenge Analytics export (a JSON array of plays)");
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                sink.row();
                play(JsonRecords.read(parser, FIELDS), sink);
            }
        }
    }

    private static void play(Map<String, String> play, ViewingSink sink) throws IOException {
        MediaType type = MediaType.fromWireName(play.get("mediaType")).orElse(null);
        if (type == null) {
            sink.skipped(SkipReasons.OTHER_MEDIA_TYPE);
            return;
        }
        Instant started;
        Instant ended;
        long duration;
        try {
            started = Instant.parse(play.get("startedAt"));
            ended = Instant.parse(play.get("endedAt"));
            duration = Long.parseLong(play.get("durationSec"));
        } catch (DateTimeParseException | NullPointerException | NumberFormatException e) {
            sink.skipped(SkipReasons.INCOMPLETE_ROW);
            return;
        }
        if (play.get("userId") == null || play.get("mediaId") == null || play.get("libraryId") == null) {
            sink.skipped(SkipReasons.INCOMPLETE_ROW);
            return;
        }
        boolean completed = Boolean.parseBoolean(play.get("completed"));
        // microseconds kept in the key: two plays of a user may start within the same second
        String key = play.get("userId") + "|" + started;
        sink.viewing(new Viewing(key, play.get("userId"), play.get("mediaId"), play.get("libraryId"), type, started,
                ended, duration,
                completed ? 1 : 0, 1, play.get("clientType")));
    }
}
