package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Writes a {@code tautulli.db} with Tautulli's own table and column names and SQLite types (the
 * columns the importer reads, and the private ones it must never keep), filled with rows a test
 * chooses. A generator rather than a copy of anyone's database.
 */
public final class TautulliFixture implements AutoCloseable {

    private final Connection db;
    private final PreparedStatement history;
    private final PreparedStatement metadata;
    private final PreparedStatement mediaInfo;
    private long nextId = 1;

    /**
     * Writes the history of a busy server: viewings spread over three years up to {@code now} by 200
     * users of 20,000 items, one in eight paused and resumed into two or three rows.
     *
     * @return the file
     */
    public static Path busyServer(Path file, int rows, Instant now) throws SQLException, IOException {
        Files.deleteIfExists(file);
        SplittableRandom random = new SplittableRandom(20261205);
        long end = now.getEpochSecond() - 3600;
        long span = Duration.ofDays(3 * 365).toSeconds();
        try (TautulliFixture db = new TautulliFixture(file)) {
            int written = 0;
            long reference = 1;
            while (written < rows) {
                int item = random.nextInt(20_000);
                boolean track = item % 5 == 0;
                boolean episode = !track && item % 2 == 0;
                String type = track ? "track" : episode ? "episode" : "movie";
                long runtimeSec = track ? 240 : episode ? 2600 : 6600;
                long section = track ? 3 : episode ? 2 : 1;
                long user = 1 + random.nextInt(200);
                long started = end - random.nextLong(span);
                int parts = random.nextInt(8) == 0 ? 2 + random.nextInt(2) : 1;
                parts = Math.min(parts, rows - written);
                long position = 0;
                long at = started;
                for (int p = 0; p < parts; p++) {
                    long watched = 20 + random.nextLong(runtimeSec / parts + 1);
                    position = Math.min(runtimeSec, position + watched);
                    db.row(reference, at, at + watched, 100_000 + item, user, "user" + user, 0, type, position * 1000, section,
                            runtimeSec * 1000, "10.0." + (user % 250) + ".1", "machine-" + user, "player-" + user);
                    at += watched + 300;
                    written++;
                }
                reference++;
            }
        }
        return file;
    }

    public TautulliFixture(Path file) throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        db.setAutoCommit(false);
        try (Statement ddl = db.createStatement()) {
            ddl.execute("""
                    CREATE TABLE session_history (id INTEGER PRIMARY KEY AUTOINCREMENT, reference_id INTEGER,
                        started INTEGER, stopped INTEGER, rating_key INTEGER, parent_rating_key INTEGER,
                        grandparent_rating_key INTEGER, user_id INTEGER, user TEXT, ip_address TEXT,
                        paused_counter INTEGER DEFAULT 0, player TEXT, product TEXT, product_version TEXT, platform TEXT,
                        platform_version TEXT, profile TEXT, machine_id TEXT, bandwidth INTEGER, location TEXT,
                        quality_profile TEXT, secure INTEGER, relayed INTEGER, media_type TEXT, view_offset INTEGER DEFAULT 0,
                        section_id INTEGER)""");
            ddl.execute("""
                    CREATE TABLE session_history_metadata (id INTEGER PRIMARY KEY, rating_key INTEGER,
                        parent_rating_key INTEGER, grandparent_rating_key INTEGER, title TEXT, parent_title TEXT,
                        grandparent_title TEXT, original_title TEXT, full_title TEXT, media_index INTEGER,
                        parent_media_index INTEGER, section_id INTEGER, year INTEGER, duration INTEGER DEFAULT 0,
                        guid TEXT, media_type TEXT)""");
            ddl.execute("""
                    CREATE TABLE session_history_media_info (id INTEGER PRIMARY KEY, rating_key INTEGER,
                        video_decision TEXT, audio_decision TEXT, transcode_decision TEXT, container TEXT, bitrate INTEGER)""");
            ddl.execute("""
                    CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER UNIQUE, username TEXT NOT NULL,
                        friendly_name TEXT, thumb TEXT, email TEXT, is_active INTEGER DEFAULT 1)""");
            ddl.execute("""
                    CREATE TABLE library_sections (id INTEGER PRIMARY KEY AUTOINCREMENT, server_id TEXT, section_id INTEGER,
                        section_name TEXT, section_type TEXT, count INTEGER, is_active INTEGER DEFAULT 1)""");
            ddl.execute("CREATE INDEX idx_session_history_reference_id ON session_history (reference_id ASC)");
        }
        history = db.prepareStatement("""
                INSERT INTO session_history (id, reference_id, started, stopped, rating_key, user_id, user, ip_address,
                    paused_counter, player, product, platform, machine_id, media_type, view_offset, section_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        metadata = db.prepareStatement("""
                INSERT INTO session_history_metadata (id, rating_key, title, full_title, section_id, duration, guid, media_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
        mediaInfo = db.prepareStatement("INSERT INTO session_history_media_info (id, rating_key, transcode_decision) VALUES (?, ?, ?)");
    }

    public void user(long userId, String username, String email) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO users (user_id, username, friendly_name, email) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, userId);
            insert.setString(2, username);
            insert.setString(3, username);
            insert.setString(4, email);
            insert.executeUpdate();
        }
    }

    public void library(long sectionId, String name, String type) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO library_sections (server_id, section_id, section_name, section_type) VALUES ('f00d', ?, ?, ?)")) {
            insert.setLong(1, sectionId);
            insert.setString(2, name);
            insert.setString(3, type);
            insert.executeUpdate();
        }
    }

    /**
     * One row of session_history with its metadata and media info.
     *
     * @return the row's id
     */
    public long row(long referenceId, long started, long stopped, long ratingKey, long userId, String username, long pausedSec,
            String mediaType, long viewOffsetMs, long sectionId, long durationMs, String ip, String machineId, String player)
            throws SQLException {
        long id = nextId++;
        history.setLong(1, id);
        history.setLong(2, referenceId);
        history.setLong(3, started);
        history.setLong(4, stopped);
        history.setLong(5, ratingKey);
        history.setLong(6, userId);
        history.setString(7, username);
        history.setString(8, ip);
        history.setLong(9, pausedSec);
        history.setString(10, player);
        history.setString(11, "Plex for Android");
        history.setString(12, "Android");
        history.setString(13, machineId);
        history.setString(14, mediaType);
        history.setLong(15, viewOffsetMs);
        history.setLong(16, sectionId);
        history.addBatch();
        metadata.setLong(1, id);
        metadata.setLong(2, ratingKey);
        metadata.setString(3, "Title " + ratingKey);
        metadata.setString(4, "Full Title " + ratingKey);
        metadata.setLong(5, sectionId);
        metadata.setLong(6, durationMs);
        metadata.setString(7, "plex://movie/" + ratingKey);
        metadata.setString(8, mediaType);
        metadata.addBatch();
        mediaInfo.setLong(1, id);
        mediaInfo.setLong(2, ratingKey);
        mediaInfo.setString(3, "direct play");
        mediaInfo.addBatch();
        if (id % 10_000 == 0) {
            flush();
        }
        return id;
    }

    private void flush() throws SQLException {
        history.executeBatch();
        metadata.executeBatch();
        mediaInfo.executeBatch();
    }

    @Override
    public void close() throws SQLException {
        flush();
        db.commit();
        db.close();
    }
}
