package org.revenge.analytics.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL for the benchmarks' set-up and checks; the plugin's own SQL is in its mappers. */
final class Sql {

    private Sql() {
    }

    static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(String jdbcUrl, String sql) throws SQLException {
        return Long.parseLong(text(jdbcUrl, sql));
    }

    static String text(String jdbcUrl, String sql) throws SQLException {
        return texts(jdbcUrl, sql).get(0);
    }

    /** The first column of every row. */
    static List<String> texts(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
