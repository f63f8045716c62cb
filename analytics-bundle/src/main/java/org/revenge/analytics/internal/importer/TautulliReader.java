package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.revenge.analytics.spi.MediaType;

/**
 * Tautulli's {@code tautulli.db}: the rows of {@code session_history} that share a
 * {@code reference_id} are one viewing (paused and resumed), read in that order so a viewing is
 * complete when its key changes. Watched time is the sum of each row's {@code stopped - started -
 * paused_counter}; the final position is the last row's {@code view_offset} (ms) against the
 * item's {@code duration} (ms) in {@code session_history_metadata}. Only ids, times, the media type
 * and the platform are read: never {@code user}, {@code ip_address}, {@code machine_id}, the player's
 * name or a file.
 */
final class TautulliReader implements SourceReader {

    /** Reading SQL of a peer's file: it is the peer's schema, so it lives here rather than in a mapper. */
    private static final String HISTORY = """
            SELECT coalesce(h.reference_id, h.id) AS viewing, h.started, h.stopped, coalesce(h.paused_counter, 0),
                   h.user_id, h.rating_key, h.section_id, coalesce(h.media_type, m.media_type), h.view_offset,
                   h.platform, m.duration
              FROM session_history h
              LEFT JOIN session_history_metadata m ON m.id = h.id
             ORDER BY 1, h.id""";

    @Override
    public void read(Path file, ViewingSink sink) throws IOException {
        try (Connection db = SqliteFiles.open(file, "Tautulli's tautulli.db")) {
            SqliteFiles.requireTable(db, "session_history", "Tautulli's tautulli.db");
            SqliteFiles.requireTable(db, "session_history_metadata", "Tautulli's tautulli.db");
            try (PreparedStatement statement = db.prepareStatement(HISTORY)) {
                statement.setFetchSize(10_000);
                try (ResultSet rows = statement.executeQuery()) {
                    Group group = null;
                    while (rows.next()) {
                        sink.row();
                        long viewing = rows.getLong(1);
                        if (group != null && group.key != viewing) {
                            group.emit(sink);
                            group = null;
                        }
                        if (group == null) {
                            group = new Group(viewing);
                        }
                        group.add(rows);
                    }
                    if (group != null) {
                        group.emit(sink);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read " + file.getFileName() + " as Tautulli's database: " + e.getMessage(), e);
        }
    }

    /** The rows of one viewing so far. */
    private static final class Group {
        final long key;
        String user;
        String media;
        String library;
        String type;
        String platform;
        long started = Long.MAX_VALUE;
        long stopped = Long.MIN_VALUE;
        long watched;
        long positionMs = -1;
        long runtimeMs = -1;
        boolean incomplete;
        boolean backwards;

        Group(long key) {
            this.key = key;
        }

        void add(ResultSet row) throws SQLException {
            long rowStarted = row.getLong(2);
            boolean noStart = row.wasNull();
            long rowStopped = row.getLong(3);
            boolean noStop = row.wasNull();
            long paused = row.getLong(4);
            if (user == null) {
                user = row.getString(5);
                media = row.getString(6);
                library = row.getString(7);
                type = row.getString(8);
            }
            if (noStart || noStop || row.getString(5) == null || row.getString(6) == null) {
                incomplete = true;
                return;
            }
            if (rowStopped < rowStarted) {
                backwards = true;
            }
            started = Math.min(started, rowStarted);
            stopped = Math.max(stopped, rowStopped);
            watched += Math.max(0, rowStopped - rowStarted - Math.max(0, paused));
            long offset = row.getLong(9);
            positionMs = row.wasNull() ? positionMs : offset;
            long duration = row.getLong(11);
            runtimeMs = row.wasNull() || duration <= 0 ? runtimeMs : duration;
            String rowPlatform = row.getString(10);
            platform = rowPlatform == null ? platform : rowPlatform;
        }

        void emit(ViewingSink sink) throws IOException {
            MediaType mediaType = switch (type == null ? "" : type) {
                case "movie" -> MediaType.MOVIE;
                case "episode" -> MediaType.EPISODE;
                case "track" -> MediaType.TRACK;
                default -> null;
            };
            if (mediaType == null) {
                sink.skipped(SkipReasons.OTHER_MEDIA_TYPE);
            } else if (incomplete) {
                sink.skipped(SkipReasons.INCOMPLETE_ROW);
            } else if (backwards) {
                sink.skipped(SkipReasons.ENDS_BEFORE_START);
            } else {
                sink.viewing(new Viewing(Long.toString(key), user, media, library == null ? "none" : library, mediaType,
                        Instant.ofEpochSecond(started), Instant.ofEpochSecond(stopped), watched,
                        positionMs < 0 ? -1 : positionMs / 1000, runtimeMs < 0 ? -1 : runtimeMs / 1000, platform));
            }
        }
    }
}
