package org.revenge.analytics.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The least any writer that keeps the rollups must do for a set of plays, the yardstick of both
 * benchmarks: a raw binary COPY of the plays into playback_events plus one set-based build of every
 * rollup they touch (per-media, per-library and per-user days, the breakdowns, the last-played
 * days). Measured on the plays the measured run stored, in the same database, after emptying the
 * tables: the same rows, the same partitions, the same machine.
 */
final class RollupCeiling {

    static final String PLAY_COLUMNS =
            "started_at, user_id, media_id, library_id, duration_sec, ended_sec, client_code, media_type, completed";
    private static final String[] ROLLUP_TABLES = {"media_stats_daily", "library_activity_daily", "user_activity_daily",
        "play_breakdown_daily", "media_user_recency", "user_recency", "user_client_recency", "media_stats_period"};

    /** The seconds of a plain COPY of the plays, and of that COPY plus the rollups' build. */
    record Seconds(double copy, double copyWithRollups, long plays) {
    }

    private RollupCeiling() {
    }

    /** Copies the stored plays out, then times a COPY of them back in twice: alone, and with the rollups built after it. */
    static Seconds measure(String jdbcUrl, String zone) throws Exception {
        Out.progress("measuring the ceilings: a raw binary COPY of the same plays, alone and with a set-based build of the rollups");
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            // in a file, not the heap: the import's benchmark runs in a small heap
            Path rows = Files.createTempFile("ceiling-plays", ".copy");
            try {
                long plays;
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rows), 1 << 16)) {
                    // in the order plays arrive, whatever order compaction left the partitions in: a COPY that
                    // goes from partition to partition with every row is slower, and compaction sorts a day by user
                    plays = copy.copyOut("COPY (SELECT " + PLAY_COLUMNS + " FROM playback_events ORDER BY started_at, user_id) TO STDOUT "
                            + "(FORMAT binary)", out);
                }
                double copyOnly = timeCopy(connection, copy, rows, null);
                double withRollups = timeCopy(connection, copy, rows, zone);
                return new Seconds(copyOnly, withRollups, plays);
            } finally {
                Files.delete(rows);
            }
        }
    }

    private static double timeCopy(Connection connection, CopyManager copy, Path plays, String zone) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE playback_events, " + String.join(", ", ROLLUP_TABLES));
            statement.execute("CHECKPOINT");
        }
        long start = System.nanoTime();
        connection.setAutoCommit(false);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(plays), 1 << 16)) {
            copy.copyIn("COPY playback_events (" + PLAY_COLUMNS + ") FROM STDIN (FORMAT binary)", in);
        }
        if (zone != null) {
            buildRollups(connection, zone);
        }
        connection.commit();
        connection.setAutoCommit(true);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Every rollup from the raw plays, one INSERT ... SELECT ... GROUP BY each. */
    private static void buildRollups(Connection connection, String zone) throws Exception {
        String day = "(started_at AT TIME ZONE '" + zone + "')::date";
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO media_stats_daily (library_id, day, media_id, watch_time_sec, last_played_at, play_count,"
                    + " completed_count, media_type) SELECT library_id, " + day + ", media_id, sum(duration_sec), max(started_at),"
                    + " count(*), count(*) FILTER (WHERE completed), min(media_type) FROM playback_events GROUP BY 1, 2, 3");
            statement.execute("INSERT INTO library_activity_daily (library_id, day, watch_time_sec, play_count, completed_count)"
                    + " SELECT library_id, day, sum(watch_time_sec), sum(play_count), sum(completed_count) FROM media_stats_daily"
                    + " GROUP BY 1, 2");
            statement.execute("INSERT INTO media_stats_period (library_id, span_days, media_id, watch_time_sec, last_played_at,"
                    + " play_count, completed_count, media_type) SELECT library_id, 0, media_id, sum(watch_time_sec),"
                    + " max(last_played_at), sum(play_count), sum(completed_count), min(media_type) FROM media_stats_daily"
                    + " WHERE EXISTS (SELECT 1 FROM media_stats_period_state WHERE span_days = 0) GROUP BY 1, 3");
            statement.execute("INSERT INTO user_activity_daily (user_id, day, play_count, completed_count, watch_time_sec,"
                    + " unique_items) SELECT user_id, " + day + ", count(*), count(*) FILTER (WHERE completed), sum(duration_sec),"
                    + " count(DISTINCT media_id) FROM playback_events GROUP BY 1, 2");
            statement.execute("INSERT INTO play_breakdown_daily (day, hour, client_code, media_type, play_count, completed_count,"
                    + " watch_time_sec) SELECT " + day + ", extract(hour FROM started_at AT TIME ZONE '" + zone + "'), client_code,"
                    + " media_type, count(*), count(*) FILTER (WHERE completed), sum(duration_sec) FROM playback_events"
                    + " GROUP BY 1, 2, 3, 4");
            statement.execute("INSERT INTO media_user_recency (library_id, media_id, user_id, last_day)"
                    + " SELECT library_id, media_id, user_id, max(" + day + ") FROM playback_events GROUP BY 1, 2, 3");
            statement.execute("INSERT INTO user_recency (user_id, last_day) SELECT user_id, max(" + day + ") FROM playback_events"
                    + " GROUP BY 1");
            statement.execute("INSERT INTO user_client_recency (client_code, user_id, last_day)"
                    + " SELECT client_code, user_id, max(" + day + ") FROM playback_events GROUP BY 1, 2");
        }
    }
}
