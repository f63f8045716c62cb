package org.revenge.analytics.internal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.db.LiquibaseSchema;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.UserActivity;
import org.revenge.analytics.testing.TestPostgres;

/** Fresh, migrated databases for tests, and a way to look at them with plain SQL. */
public final class Databases {

    private Databases() {
    }

    /**
     * @param purpose a word for the database name
     * @return a DataSource on a new database with the analytics schema applied
     */
    public static DataSource migrated(String purpose) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestPostgres.freshDatabase(purpose));
        LiquibaseSchema.update(dataSource);
        return dataSource;
    }

    /**
     * Stores plays as the writer does (partitions first, then one upsert that keeps the rollups),
     * for tests that need stored plays without the ingest path.
     */
    public static void storePlays(AnalyticsStore store, Collection<PlaybackEvent> plays, ZoneId zone) {
        store.writeBatch("store plays", session -> {
            PlaybackMapper mapper = session.getMapper(PlaybackMapper.class);
            plays.stream().map(play -> LocalDate.ofInstant(play.startedAt(), ZoneOffset.UTC)).distinct()
                    .forEach(mapper::ensurePartition);
            PlayColumns columns = new PlayColumns(plays);
            mapper.addClientTypes(columns.clientType);
            mapper.upsertPlays(columns, zone.getId());
        });
    }

    /** Runs one statement of plain SQL, for tests that change data the way the plugin never would. */
    public static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a query and returns each row as its columns joined by " | ", for comparing whole results. */
    public static List<String> rows(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> all = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " | " : "").append(rows.getString(i));
                }
                all.add(row.toString());
            }
            return all;
        }
    }

    /** Runs one query that returns one number: the independent check of what the code computed. */
    public static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * The item-years of {@code media_stats_yearly} that differ from the sums of their
     * {@code media_stats_daily} rows (plays, completed plays, watch time, latest start), which they
     * must always equal: 0 when the per-year rollup is exact.
     */
    public static long yearsDiffering(DataSource dataSource) throws SQLException {
        return count(dataSource, """
                SELECT count(*)
                  FROM (SELECT extract(year FROM day)::int2 AS year, library_id, media_id, sum(watch_time_sec) AS watch,
                               max(last_played_at) AS last_played_at, sum(play_count) AS plays, sum(completed_count) AS completed
                          FROM media_stats_daily GROUP BY 1, 2, 3) s
                  FULL JOIN media_stats_yearly r ON r.year = s.year AND r.library_id = s.library_id AND r.media_id = s.media_id
                 WHERE (s.watch, s.last_played_at, s.plays, s.completed)
                       IS DISTINCT FROM (r.watch_time_sec::numeric, r.last_played_at, r.play_count::numeric, r.completed_count::numeric)""");
    }

    /**
     * The years of {@code server_years} and {@code server_year_hours} that differ from what they
     * count (each year's items with plays in {@code media_stats_yearly} and their latest start; each
     * year's plays per hour in {@code play_breakdown_daily}), which they must always equal: 0 when
     * the two rollups are exact.
     */
    public static long serverYearsDiffering(DataSource dataSource) throws SQLException {
        return count(dataSource, """
                SELECT (SELECT count(*)
                          FROM (SELECT year, count(*) AS items, max(last_played_at) AS last_played_at
                                  FROM media_stats_yearly WHERE play_count > 0 GROUP BY year) s
                          FULL JOIN server_years r ON r.year = s.year
                         WHERE (s.items, s.last_played_at) IS DISTINCT FROM (r.item_count::bigint, r.last_played_at))
                     + (SELECT count(*)
                          FROM (SELECT extract(year FROM day)::int2 AS year, hour, sum(play_count) AS plays
                                  FROM play_breakdown_daily GROUP BY 1, 2 HAVING sum(play_count) > 0) s
                          FULL JOIN server_year_hours r ON r.year = s.year AND r.hour = s.hour
                         WHERE s.plays IS DISTINCT FROM r.play_count::numeric)""");
    }

    /**
     * The rows of {@code play_breakdown_summary} that differ from the sums of {@code play_breakdown_daily}
     * it keeps apart by hour, client type and media type, both ways: 0 when its triggers kept it.
     */
    public static long breakdownSummaryDiffering(DataSource dataSource) throws SQLException {
        String sums = "SELECT b.day, k.part, k.key, sum(b.play_count)::bigint, sum(b.completed_count)::bigint, "
                + "sum(b.watch_time_sec)::bigint FROM play_breakdown_daily b CROSS JOIN LATERAL "
                + "(VALUES (0, b.hour::int), (1, b.client_code), (2, b.media_type::int)) k(part, key) GROUP BY 1, 2, 3 "
                + "HAVING sum(b.play_count) <> 0 OR sum(b.completed_count) <> 0 OR sum(b.watch_time_sec) <> 0";
        String summary = "SELECT day, part::int, key, play_count, completed_count, watch_time_sec FROM play_breakdown_summary";
        return count(dataSource, "SELECT count(*) FROM ((" + sums + " EXCEPT " + summary + ") UNION ALL (" + summary + " EXCEPT "
                + sums + ")) differing");
    }

    /**
     * The rows of {@code play_method_daily} that differ from the raw plays they stand for (the days
     * with raw plays), both ways: 0 when the rollup equals plain SQL over the plays.
     */
    public static long playMethodDaysDiffering(DataSource dataSource, String zone) throws SQLException {
        String raw = "SELECT (started_at AT TIME ZONE '" + zone + "')::date AS day, play_method::int4 AS play_method, count(*)::int AS plays, "
                + "sum(duration_sec)::bigint AS watch FROM playback_events GROUP BY 1, 2";
        String rollup = "SELECT day, play_method::int4, play_count, watch_time_sec FROM play_method_daily "
                + "WHERE day IN (SELECT DISTINCT (started_at AT TIME ZONE '" + zone + "')::date FROM playback_events)";
        return count(dataSource, "SELECT count(*) FROM ((" + raw + " EXCEPT " + rollup + ") UNION ALL (" + rollup + " EXCEPT " + raw
                + ")) differing");
    }

    /**
     * The rows of {@code user_item_daily} that differ from the raw plays of their user, item and
     * local day of {@code zone} (plays, completed plays, watch time, latest start, the latest
     * play's library and type), which they must always equal: 0 when the rollup is exact.
     */
    public static long userItemDaysDiffering(DataSource dataSource, String zone) throws SQLException {
        return count(dataSource, """
                SELECT count(*)
                  FROM (SELECT user_id, media_id, (started_at AT TIME ZONE '%s')::date AS day,
                               (array_agg(library_id ORDER BY started_at DESC))[1] AS library_id,
                               (array_agg(media_type ORDER BY started_at DESC))[1] AS media_type, count(*)::int AS plays,
                               (count(*) FILTER (WHERE completed))::int AS completed, sum(duration_sec)::bigint AS watch,
                               max(started_at) AS last_played_at
                          FROM playback_events GROUP BY 1, 2, 3) p
                  FULL JOIN user_item_daily r ON r.user_id = p.user_id AND r.media_id = p.media_id AND r.day = p.day
                 WHERE (p.library_id, p.media_type, p.plays, p.completed, p.watch, p.last_played_at)
                       IS DISTINCT FROM (r.library_id, r.media_type, r.play_count, r.completed_count, r.watch_time_sec,
                                         r.last_played_at)""".formatted(zone));
    }

    /**
     * The active users of [from, to) with plain SQL, as {@code getActiveUsers} renders them with
     * {@link #render(List)}: the users with a play started in the window, or with one still open
     * that started after {@code openSince}, most recent first (open sessions left out: the tests
     * that use this have none).
     */
    public static List<String> activeUsers(DataSource dataSource, Instant from, Instant to, Instant openSince)
            throws SQLException {
        return rows(dataSource, """
                SELECT user_id, count(*) FILTER (WHERE started_at >= '%1$s'),
                       coalesce(sum(duration_sec) FILTER (WHERE started_at >= '%1$s'), 0),
                       bool_or(ended_sec IS NULL AND started_at >= '%2$s')
                  FROM playback_events
                 WHERE started_at < '%3$s' AND (started_at >= '%1$s' OR (ended_sec IS NULL AND started_at >= '%2$s'))
                 GROUP BY user_id ORDER BY max(started_at) DESC, user_id""".formatted(from, openSince, to))
                .stream().map(row -> row.replace("| t", "| true").replace("| f", "| false")).toList();
    }

    /** Active users as {@link #activeUsers} gives them. */
    public static List<String> render(List<UserActivity> users) {
        return users.stream().map(user -> user.userId() + " | " + user.plays() + " | " + user.watchTimeSec() + " | "
                + user.playingNow()).toList();
    }
}
