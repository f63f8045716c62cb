package org.revenge.analytics.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.ConfigurationException;
import org.revenge.analytics.internal.config.ReadReplicaSettings;
import org.revenge.analytics.internal.config.TestConfigs;

import com.zaxxer.hikari.HikariConfig;

class ConnectionPoolTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/revenge";

    @Test
    void aValidConfigurationGivesAPoolThatStartsEvenIfTheDatabaseIsDown() {
        HikariConfig config = ConnectionPool.hikariConfig(URL,
                TestConfigs.analytics(Map.of("jdbc.pool.size", 7, "jdbc.user", "revenge")));

        assertThat(config.getMaximumPoolSize()).isEqualTo(7);
        assertThat(config.getInitializationFailTimeout()).isNegative();
        assertThat(config.getDataSource()).isNotNull();
        assertThat(config.isRegisterMbeans()).as("the pool's MBeans for JMX").isTrue();
        assertThat(config.getPoolName()).isEqualTo("revenge-analytics");
    }

    @Test
    void aNonPostgresUrlIsRefusedByName() {
        assertThatThrownBy(() -> ConnectionPool.hikariConfig("jdbc:mysql://localhost/x", TestConfigs.analytics(Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.url = 'jdbc:mysql://localhost/x': must start with jdbc:postgresql:");
    }

    @Test
    void aMalformedPostgresUrlIsRefusedByName() {
        assertThatThrownBy(() -> ConnectionPool.hikariConfig("jdbc:postgresql://host:notaport/db", TestConfigs.analytics(Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.url");
    }

    @Test
    void aPoolSizeOfZeroIsRefusedByName() {
        assertThatThrownBy(() -> ConnectionPool.hikariConfig(URL, TestConfigs.analytics(Map.of("jdbc.pool.size", 0))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.pool.size = '0': must be between 1 and 100");
    }

    @Test
    void exportsHaveAPoolOfTheirOwnThatKeepsNoIdleConnection() {
        HikariConfig config = ConnectionPool.exportHikariConfig(URL, TestConfigs.analytics(Map.of("jdbc.export.pool.size", 3)));
        assertThat(config.getPoolName()).isEqualTo("revenge-analytics-export");
        assertThat(config.getMaximumPoolSize()).isEqualTo(3);
        assertThat(config.getMinimumIdle()).isZero();
        assertThat(ConnectionPool.exportHikariConfig(URL, TestConfigs.analytics(Map.of())).getMaximumPoolSize()).isEqualTo(2);
        assertThatThrownBy(() -> ConnectionPool.exportHikariConfig(URL, TestConfigs.analytics(Map.of("jdbc.export.pool.size", 0))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.export.pool.size = '0': must be between 1 and 20");
    }

    @Test
    void theReadReplicasPoolIsReadOnlySmallAndNamedSoItsConnectionsAreToldApart() {
        AnalyticsConfiguration config = TestConfigs.analytics(Map.of("jdbc.user", "revenge", "jdbc.read.url",
                "jdbc:postgresql://replica.local:5432/revenge", "jdbc.read.user", "reader", "jdbc.read.pool.size", 4));
        HikariConfig read = ConnectionPool.readHikariConfig(ReadReplicaSettings.from(config), config);

        assertThat(read.isReadOnly()).isTrue();
        assertThat(read.getPoolName()).isEqualTo("revenge-analytics-read");
        assertThat(read.getMaximumPoolSize()).isEqualTo(4);
        assertThat(read.getMinimumIdle()).isZero();
        assertThat(read.getInitializationFailTimeout()).as("starts while the replica is away").isNegative();
        PGSimpleDataSource postgres = (PGSimpleDataSource) read.getDataSource();
        assertThat(postgres.getApplicationName()).isEqualTo("revenge-analytics-read");
        assertThat(postgres.getUser()).isEqualTo("reader");
        assertThat(postgres.getServerNames()).containsExactly("replica.local");
    }

    @Test
    void aConnectTimeoutOutOfRangeIsRefusedByName() {
        assertThatThrownBy(() -> ConnectionPool.hikariConfig(URL, TestConfigs.analytics(Map.of("jdbc.connect.timeout.sec", 301))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.connect.timeout.sec");
    }
}
