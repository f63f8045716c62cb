package org.revenge.analytics.internal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
}
