package org.revenge.analytics.internal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.db.LiquibaseSchema;
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
