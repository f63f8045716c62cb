package org.revenge.analytics.itest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.ds.PGSimpleDataSource;

/** Plain SQL on the test database: the independent check of what the plugin stored. */
final class Database {

    private Database() {
    }

    /** @return the one number the query returns, or -1 if it failed (a database not there yet) */
    static long count(String jdbcUrl, String sql) {
        try {
            return one(jdbcUrl, sql, rows -> rows.getLong(1));
        } catch (SQLException e) {
            return -1;
        }
    }

    /** @return the one text the query returns */
    static String text(String jdbcUrl, String sql) throws SQLException {
        return one(jdbcUrl, sql, rows -> rows.getString(1));
    }

    private interface Column<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static <T> T one(String jdbcUrl, String sql, Column<T> column) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException("no row from " + sql);
            }
            return column.read(rows);
        }
    }

    /** @return every row the query returns, each column as text; a failed query is the test's failure */
    static List<List<String>> rows(String jdbcUrl, String sql) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<List<String>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(rows.getString(column));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Runs one statement that changes rows, as test setup; a failure is the test's failure. */
    static void update(String sql) {
        update(Plugin.jdbcUrl(), sql);
    }

    /** Runs one statement that changes rows in the given database, as test setup. */
    static void update(String jdbcUrl, String sql) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + sql, e);
        }
    }

    /**
     * Holds a lock that keeps every writer of the table waiting, and readers not, until the
     * returned connection is closed (which rolls the lock back).
     */
    static Connection holdWriteLock(String table) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(Plugin.jdbcUrl());
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
        }
        return connection;
    }

    static long count(String sql) {
        return count(Plugin.jdbcUrl(), sql);
    }
}
