package org.revenge.analytics.internal.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;

/**
 * Jellyfin's Playback Reporting plugin: its {@code playback_reporting.db} (table
 * {@code PlaybackActivity}) or its TSV backup (9 columns, no header: DateCreated, UserId, ItemId,
 * ItemType, ItemName, PlaybackMethod, ClientName, DeviceName, PlayDuration). {@code DateCreated} is
 * the start in the server's local time without an offset, so it is read in the given zone;
 * {@code PlayDuration} is seconds watched, pauses excluded. It records no position, so completion
 * is unknown and no play is counted completed. The plugin keeps no library, so each item type
 * stands for one ({@code Movie}, {@code Episode}, {@code Audio}, ...). Never read: ItemName,
 * DeviceName.
 */
final class PlaybackReportingReader implements SourceReader {

    private static final String ACTIVITY = """
            SELECT DateCreated, UserId, ItemId, ItemType, ClientName, PlayDuration
              FROM PlaybackActivity
             ORDER BY rowid""";
    private static final int TSV_COLUMNS = 9;

    private final ZoneId zone;

    PlaybackReportingReader(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void read(Path file, ViewingSink sink) throws IOException {
        if (SqliteFiles.isSqlite(file)) {
            readDatabase(file, sink);
        } else {
            readBackup(file, sink);
        }
    }

    private void readDatabase(Path file, ViewingSink sink) throws IOException {
        try (Connection db = SqliteFiles.open(file, "Playback Reporting's playback_reporting.db")) {
            SqliteFiles.requireTable(db, "PlaybackActivity", "Playback Reporting's playback_reporting.db");
            try (PreparedStatement statement = db.prepareStatement(ACTIVITY)) {
                statement.setFetchSize(10_000);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.row();
                        long duration = rows.getLong(6);
                        viewing(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getString(5), rows.wasNull() ? -1 : duration, sink);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read " + file.getFileName() + " as Playback Reporting's database: " + e.getMessage(), e);
        }
    }

    private void readBackup(Path file, ViewingSink sink) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != TSV_COLUMNS) {
                    throw new InvalidInputException("file line " + number, "has " + columns.length + " tab-separated columns;"
                            + " a Playback Reporting backup has " + TSV_COLUMNS);
                }
                sink.row();
                long duration;
                try {
                    duration = Long.parseLong(columns[8].strip());
                } catch (NumberFormatException e) {
                    duration = -1;
                }
                viewing(columns[0], columns[1], columns[2], columns[3], columns[6], duration, sink);
            }
        }
    }

    private void viewing(String dateCreated, String userId, String itemId, String itemType, String client, long durationSec,
            ViewingSink sink) throws IOException {
        MediaType type = switch (itemType == null ? "" : itemType.strip()) {
            case "Movie" -> MediaType.MOVIE;
            case "Episode" -> MediaType.EPISODE;
            case "Audio" -> MediaType.TRACK;
            case "AudioBook" -> MediaType.AUDIOBOOK;
            case "Video", "MusicVideo" -> MediaType.OTHER;
            default -> null;
        };
        if (type == null) {
            sink.skipped(SkipReasons.OTHER_MEDIA_TYPE);
            return;
        }
        LocalDateTime local = localTime(dateCreated);
        if (local == null || blank(userId) || blank(itemId) || durationSec < 0) {
            sink.skipped(SkipReasons.INCOMPLETE_ROW);
            return;
        }
        Instant started = local.atZone(zone).toInstant();
        sink.viewing(new Viewing(local + "|" + userId.strip() + "|" + itemId.strip(), userId.strip(), itemId.strip(),
                itemType.strip(), type, started, started.plusSeconds(durationSec), durationSec, -1, -1, blank(client) ? null : client.strip()));
    }

    /** {@code 2024-03-01 20:15:30.1234567} (.NET writes up to seven fraction digits), or null. */
    static LocalDateTime localTime(String text) {
        if (blank(text)) {
            return null;
        }
        String iso = text.strip().replace(' ', 'T');
        int dot = iso.indexOf('.');
        if (dot > 0 && iso.length() - dot - 1 > 9) {
            iso = iso.substring(0, dot + 10);
        }
        try {
            return LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
