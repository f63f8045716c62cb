package org.revenge.analytics.internal.export;

import java.io.IOException;
import java.io.Writer;

import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.PlayRecord;

/**
 * Writes plays one at a time in an {@link ExportFormat}: CSV with a header line naming the
 * {@link PlayRecord} fields, or one JSON array of objects with the same names. Media types are
 * their wire names ({@code episode}); instants are ISO-8601 UTC; an open play has no end. After
 * the stored fields come the names the host gives the user, the item and the library (short ids
 * where it gives none): asked while writing, never stored.
 */
public abstract class PlayFormat {

    /** The {@link PlayRecord} fields, in order: the CSV header and the JSON member names. */
    static final String[] FIELDS = {"userId", "startedAt", "endedAt", "mediaId", "libraryId", "mediaType", "clientType",
        "durationSec", "completed", "userName", "title", "libraryName"};

    private final AnalyticsNames names;

    PlayFormat(AnalyticsNames names) {
        this.names = names;
    }

    /** @return the user's, the item's and the library's names, in the order of the last three {@link #FIELDS} */
    final String[] names(PlayRecord play) {
        return new String[] {names.nameOfUser(play.userId()), names.nameOfMedia(play.mediaId()), names.nameOfLibrary(play.libraryId())};
    }

    public abstract void begin() throws IOException;

    public abstract void play(PlayRecord play) throws IOException;

    public abstract void end() throws IOException;

    public static PlayFormat of(ExportFormat format, Writer out, AnalyticsNames names) {
        return format == ExportFormat.CSV ? new Csv(new CsvWriter(out), names) : new Json(new JsonWriter(out), names);
    }

    /** Writes the plays as the members of an array the caller has begun, for a larger JSON document. */
    public static PlayFormat inside(JsonWriter json, AnalyticsNames names) {
        return new Json(json, names) {
            @Override
            public void begin() {
            }

            @Override
            public void end() {
            }
        };
    }

    private static final class Csv extends PlayFormat {
        private final CsvWriter csv;

        Csv(CsvWriter csv, AnalyticsNames names) {
            super(names);
            this.csv = csv;
        }

        @Override
        public void begin() throws IOException {
            csv.row(FIELDS);
        }

        @Override
        public void play(PlayRecord play) throws IOException {
            String[] named = names(play);
            csv.row(play.userId().toString(), play.startedAt().toString(),
                    play.endedAt() == null ? null : play.endedAt().toString(), play.mediaId().toString(),
                    play.libraryId().toString(), play.mediaType().wireName(), play.clientType(),
                    Long.toString(play.durationSec()), Boolean.toString(play.completed()), named[0], named[1], named[2]);
        }

        @Override
        public void end() {
        }
    }

    private static class Json extends PlayFormat {
        private final JsonWriter json;

        Json(JsonWriter json, AnalyticsNames names) {
            super(names);
            this.json = json;
        }

        @Override
        public void begin() throws IOException {
            json.beginArray();
        }

        @Override
        public void play(PlayRecord play) throws IOException {
            json.beginObject();
            json.name(FIELDS[0]).value(play.userId());
            json.name(FIELDS[1]).value(play.startedAt());
            json.name(FIELDS[2]).value(play.endedAt());
            json.name(FIELDS[3]).value(play.mediaId());
            json.name(FIELDS[4]).value(play.libraryId());
            json.name(FIELDS[5]).value(play.mediaType().wireName());
            json.name(FIELDS[6]).value(play.clientType());
            json.name(FIELDS[7]).value(play.durationSec());
            json.name(FIELDS[8]).value(play.completed());
            String[] named = names(play);
            json.name(FIELDS[9]).value(named[0]);
            json.name(FIELDS[10]).value(named[1]);
            json.name(FIELDS[11]).value(named[2]);
            json.endObject();
        }

        @Override
        public void end() throws IOException {
            json.endArray();
        }
    }
}
