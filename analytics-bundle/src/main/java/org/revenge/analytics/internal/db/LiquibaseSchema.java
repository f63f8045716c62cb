package org.revenge.analytics.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import javax.sql.DataSource;

import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.MigrationFailedException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies the analytics changelog, which the build embeds in this bundle. Running it again on an
 * up-to-date database changes nothing.
 */
public final class LiquibaseSchema {

    /** Where the master changelog sits in the bundle. */
    public static final String CHANGELOG = "org/revenge/analytics/migrations/changelog.xml";

    /** Liquibase's own bookkeeping tables, named so they cannot clash with a host that also uses Liquibase. */
    static final String HISTORY_TABLE = "analytics_databasechangelog";
    static final String LOCK_TABLE = "analytics_databasechangeloglock";

    /**
     * The advisory lock that nodes starting together on one database take around the update, so
     * that one applies the changelog and the others then find it applied (Liquibase's own lock
     * table cannot serialize them before it exists).
     */
    static final long SCHEMA_LOCK = 0x5265_7665_6e67_6531L;

    /** The session setting that tells changesets the configured zone. */
    static final String ZONE_SETTING = "analytics.zone";

    private LiquibaseSchema() {
    }

    /**
     * Brings the schema up to date, counting the days and hours of rollups that a changeset fills
     * from the stored plays in UTC; the daily check repairs them to the configured zone.
     *
     * @param dataSource where to apply it; one connection is borrowed for the duration
     * @throws MigrationException if a changeset failed, naming it
     * @throws SQLException       if no connection could be had
     */
    public static void update(DataSource dataSource) throws SQLException {
        update(dataSource, ZoneOffset.UTC);
    }

    /**
     * Brings the schema up to date; a changeset that fills a new rollup from the stored plays
     * counts days and hours in {@code zone}, which it reads from the session setting
     * {@value #ZONE_SETTING}.
     *
     * @param dataSource where to apply it; one connection is borrowed for the duration
     * @param zone       the configured zone
     * @throws MigrationException if a changeset failed, naming it
     * @throws SQLException       if no connection could be had
     */
    public static void update(DataSource dataSource, ZoneId zone) throws SQLException {
        apply(dataSource, null, zone);
    }

    /**
     * Applies the changesets up to a released schema's tag only, as a database of that release
     * has them: for the upgrade tests.
     *
     * @param tag a release, for example {@code 1.0.0}
     */
    static void updateToRelease(DataSource dataSource, String tag) throws SQLException {
        apply(dataSource, tag, ZoneOffset.UTC);
    }

    private static void apply(DataSource dataSource, String tag, ZoneId zone) throws SQLException {
        Map<String, Object> scope = Map.of(
                Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(LiquibaseSchema.class.getClassLoader()),
                // progress goes to the log, not to the host's console
                Scope.Attr.ui.name(), new LoggerUIService(),
                // Liquibase 4.30+ can report usage to its vendor; nothing may leave this machine.
                "liquibase.analytics.enabled", Boolean.FALSE,
                "liquibase.databaseChangeLogTableName", HISTORY_TABLE,
                "liquibase.databaseChangeLogLockTableName", LOCK_TABLE);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Liquibase finds its own services through the context class loader as well (OSGi trap).
        thread.setContextClassLoader(Scope.class.getClassLoader());
        try (Connection connection = dataSource.getConnection()) {
            advisoryLock(connection, "pg_advisory_lock");
            try {
                setZone(connection, zone.getId());
                Scope.child(scope, () -> {
                    Database database = DatabaseFactory.getInstance()
                            .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                    CommandScope command = new CommandScope(tag == null ? UpdateCommandStep.COMMAND_NAME
                            : UpdateToTagCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            // the update summary goes to the log too, not to the host's console
                            .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG);
                    if (tag != null) {
                        command.addArgumentValue(UpdateToTagCommandStep.TAG_ARG, tag);
                    }
                    command.execute();
                });
                // the connection goes back to the pool: the next borrower must not inherit the setting
                setZone(connection, "");
            } finally {
                advisoryLock(connection, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new MigrationException(describe(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Takes or releases {@link #SCHEMA_LOCK} for this connection's session. */
    private static void advisoryLock(Connection connection, String function) throws SQLException {
        String sql = function.equals("pg_advisory_lock") ? "SELECT pg_advisory_lock(?)" : "SELECT pg_advisory_unlock(?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, SCHEMA_LOCK);
            statement.execute();
        }
    }

    private static void setZone(Connection connection, String zone) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
            statement.setString(1, ZONE_SETTING);
            statement.setString(2, zone);
            statement.execute();
        }
    }

    /** The message of the failed changeset if there is one, else the deepest message. */
    private static String describe(Throwable failure) {
        String deepest = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MigrationFailedException) {
                return t.getMessage().strip();
            }
            if (t.getMessage() != null) {
                deepest = t.getMessage();
            }
        }
        return deepest;
    }

    /** A changeset could not be applied; the schema is not usable until that is fixed. */
    public static final class MigrationException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
