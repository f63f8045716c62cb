package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Playback Reporting's {@code playback_reporting.db} (table {@code PlaybackActivity} with the
 * plugin's column names and types) and the same rows as its TSV backup (9 columns, no header).
 */
final class PlaybackReportingFixture {

    private final List<String[]> rows = new ArrayList<>();

    /** @param dateCreated local time as the plugin writes it, {@code 2024-03-01 20:15:30.1234567} */
    void row(String dateCreated, String userId, String itemId, String itemType, String itemName, String method,
            String client, String device, long durationSec) {
        rows.add(new String[] {dateCreated, userId, itemId, itemType, itemName, method, client, device, Long.toString(durationSec)});
    }

    void writeDatabase(Path file) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("""
                        CREATE TABLE PlaybackActivity (DateCreated DATETIME NOT NULL, UserId TEXT, ItemId TEXT, ItemType TEXT,
                            ItemName TEXT, PlaybackMethod TEXT, ClientName TEXT, DeviceName TEXT, PlayDuration INT)""");
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO PlaybackActivity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (String[] row : rows) {
                    for (int i = 0; i < 8; i++) {
                        insert.setString(i + 1, row[i]);
                    }
                    insert.setLong(9, Long.parseLong(row[8]));
                    insert.executeUpdate();
                }
            }
        }
    }

    void writeBackup(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            lines.add(String.join("\t", row));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
