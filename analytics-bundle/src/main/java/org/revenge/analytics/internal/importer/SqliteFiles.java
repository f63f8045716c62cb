package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.revenge.analytics.spi.InvalidInputException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Opens a peer's SQLite file read-only, through the driver directly (DriverManager is no friend of OSGi). */
final class SqliteFiles {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFiles() {
    }

    /** @return whether the file starts as every SQLite database does */
    static boolean isSqlite(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /**
     * @throws InvalidInputException if the file is not a SQLite database
     */
    static Connection open(Path file, String what) throws IOException, SQLException {
        if (!isSqlite(file)) {
            throw new InvalidInputException("file", "is not a SQLite database (" + what + " expected)");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        if (connection == null) {
            throw new SQLException("the SQLite driver refused " + file.getFileName());
        }
        return connection;
    }

    /** @throws InvalidInputException naming the table the file lacks */
    static void requireTable(Connection connection, String table, String what) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            statement.setString(1, table);
            try (var result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new InvalidInputException("file", "has no table " + table + " (is it " + what + "?)");
                }
            }
        }
    }
}
