package org.revenge.analytics.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import javax.sql.DataSource;

import org.apache.ibatis.session.TransactionIsolationLevel;
import org.apache.ibatis.transaction.Transaction;
import org.apache.ibatis.transaction.jdbc.JdbcTransaction;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * MyBatis's JDBC transactions, except that a connection that cannot be had fails with SQLState
 * 08001 (unable to establish a connection) around the driver's own failure. The server says why
 * it refuses a connection with states of its own (55000 for a database that does not accept
 * connections, 3D000 for one that is gone, 28P01 for a password): none of those is the fault of
 * the statement that was about to run, so the writer must retry it later, never set its records
 * aside as refused (see {@code Failures.transientDatabaseFailure}).
 */
final class ConnectingTransactionFactory extends JdbcTransactionFactory {

    @Override
    public Transaction newTransaction(DataSource dataSource, TransactionIsolationLevel level, boolean autoCommit) {
        return new JdbcTransaction(dataSource, level, autoCommit) {
            @Override
            protected void openConnection() throws SQLException {
                try {
                    super.openConnection();
                } catch (SQLException e) {
                    throw new SQLNonTransientConnectionException("Cannot connect to the analytics database: " + e.getMessage(),
                            "08001", e);
                }
            }
        };
    }

    /** A connection the caller holds (the node channel's, which listens): the caller closes it, not the session. */
    @Override
    public Transaction newTransaction(Connection connection) {
        return new JdbcTransaction(connection) {
            @Override
            public void close() {
                // the caller's
            }
        };
    }
}
