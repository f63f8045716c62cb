package org.revenge.analytics.itest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.ds.PGSimpleDataSource;

/** Plain SQL on the test database: the independent check of what the plugin stored. */
final class Database {

    private Database() {
    }

    /** @return the one number the query returns */
    static long count(String jdbcUrl, String sql) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static long count(String sql) {
        return count(Plugin.jdbcUrl(), sql);
    }
}
