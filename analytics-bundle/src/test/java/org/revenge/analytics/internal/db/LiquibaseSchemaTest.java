package org.revenge.analytics.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.store.Databases;

class LiquibaseSchemaTest {

    @Test
    void migratingTwiceChangesNothingTheSecondTime() throws SQLException {
        DataSource database = Databases.migrated("schema");
        long applied = Databases.count(database, "SELECT count(*) FROM analytics_databasechangelog");
        long objects = Databases.count(database, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace");

        LiquibaseSchema.update(database);

        assertThat(applied).isGreaterThanOrEqualTo(8);
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_databasechangelog")).isEqualTo(applied);
        assertThat(Databases.count(database, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                .isEqualTo(objects);
    }

    @Test
    void nodesStartingTogetherOnAFreshDatabaseApplyTheSchemaOnce() throws Exception {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(org.revenge.analytics.testing.TestPostgres.freshDatabase("schema"));
        List<Future<?>> nodes = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(threads.submit(() -> {
                    LiquibaseSchema.update(database);
                    return null;
                }));
            }
            for (Future<?> node : nodes) {
                node.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(Databases.count(database, "SELECT count(*) FROM analytics_databasechangelog"))
                .isEqualTo(Databases.count(database, "SELECT count(DISTINCT id) FROM analytics_databasechangelog"));
    }

    @Test
    void thePlaybackTableIsPartitionedByDayWithoutADefaultPartition() throws SQLException {
        DataSource database = Databases.migrated("schema");

        assertThat(Databases.count(database,
                "SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'playback_events'::regclass AND partstrat = 'r'"))
                .isEqualTo(1);
        assertThat(Databases.count(database,
                "SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'playback_events'::regclass AND partdefid <> 0"))
                .isZero();
        assertThat(Databases.count(database, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).isZero();
    }

    @Test
    void ensuringAPartitionTwiceCreatesItOnce() throws SQLException {
        DataSource database = Databases.migrated("schema");

        assertThat(Databases.count(database, "SELECT analytics_ensure_playback_partition('2026-03-29')::int")).isEqualTo(1);
        assertThat(Databases.count(database, "SELECT analytics_ensure_playback_partition('2026-03-29')::int")).isZero();
        assertThat(Databases.count(database,
                "SELECT count(*) FROM pg_inherits WHERE inhparent = 'playback_events'::regclass")).isEqualTo(1);
    }

    @Test
    void aFailingChangesetIsNamed() throws SQLException {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(org.revenge.analytics.testing.TestPostgres.freshDatabase("schema"));
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE library_stats_daily (x int)");
        }

        assertThatThrownBy(() -> LiquibaseSchema.update(database))
                .isInstanceOf(LiquibaseSchema.MigrationException.class)
                .hasMessageContaining("1.0.0-002-library-stats-daily")
                .hasMessageContaining("already exists");
    }

    @Test
    void anUnreachableDatabaseIsAnSqlErrorNotAMigrationFailure() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");

        assertThatThrownBy(() -> LiquibaseSchema.update(nowhere)).isInstanceOf(SQLException.class);
    }
}
