package org.revenge.analytics.internal.db;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.ConfigurationException;
import org.revenge.analytics.internal.config.ReadReplicaSettings;
import org.revenge.analytics.internal.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The plugin's own connection pool, built when {@code jdbc.url} is set, and registered as a
 * {@link DataSource} service carrying {@value AnalyticsConfiguration#POOL_PROPERTY}{@code =true},
 * which is what {@code dataSource.target} selects by default. Beside it, a small pool for exports
 * ({@code jdbc.export.pool.size}), registered with {@value AnalyticsConfiguration#POOL_PROPERTY}{@code =}
 * {@value #EXPORT_POOL}: an export holds its connection for as long as its client reads, and a slow
 * client must never hold one the writer needs. With {@code jdbc.url} empty this component registers
 * neither and the host's DataSource is used. With {@code jdbc.read.url} set, a third pool of read-only
 * connections to that replica, registered with {@value AnalyticsConfiguration#POOL_PROPERTY}{@code =}
 * {@value #READ_POOL}, which the store's queries read from (docs/SCALING.md).
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = AnalyticsConfiguration.class)
public final class ConnectionPool {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** The value of {@value AnalyticsConfiguration#POOL_PROPERTY} that marks the export pool. */
    public static final String EXPORT_POOL = "export";
    /** The value of {@value AnalyticsConfiguration#POOL_PROPERTY} that marks the read replica's pool. */
    public static final String READ_POOL = "read";
    /** The read pool's service property that names the replica's server and database (no credentials). */
    public static final String READ_SERVER_PROPERTY = "revenge.analytics.read.server";
    /** The read pool's service property that holds {@code jdbc.read.max.lag.sec}. */
    public static final String READ_MAX_LAG_PROPERTY = "revenge.analytics.read.max.lag.sec";

    private final BundleContext context;
    private OpenPool current;
    private OpenReadPool currentRead;

    /** The attributes the pool is built from; a change of any other attribute leaves the pool alone. */
    private record OpenPool(String url, String user, String password, int poolSize, int exportPoolSize, int timeoutSec,
            HikariDataSource pool, ServiceRegistration<DataSource> registration,
            HikariDataSource exportPool, ServiceRegistration<DataSource> exportRegistration) {

        static boolean sameSettings(OpenPool connection, AnalyticsConfiguration config) {
            return connection != null && connection.url.equals(config.jdbc_url().strip())
                    && connection.user.equals(config.jdbc_user()) && connection.password.equals(config.jdbc_password())
                    && connection.poolSize == config.jdbc_pool_size() && connection.exportPoolSize == config.jdbc_export_pool_size()
                    && connection.timeoutSec == config.jdbc_connect_timeout_sec();
        }
    }

    /** The read replica's pool, and the settings it was built from. */
    private record OpenReadPool(ReadReplicaSettings settings, int timeoutSec, HikariDataSource pool,
            ServiceRegistration<DataSource> registration) {
    }

    @Activate
    public ConnectionPool(BundleContext context, AnalyticsConfiguration config) {
        this.context = context;
        open(config);
        openRead(config);
    }

    /**
     * Rebuilds a pool only if one of its connection attributes changed, so that switching analytics
     * off and on, changing the time zone, or adding a read replica does not drop the primary's
     * connections (and a change of the primary's leaves the replica's alone).
     */
    @Modified
    synchronized void modified(AnalyticsConfiguration config) {
        if (!OpenPool.sameSettings(current, config)) {
            closePrimary();
            open(config);
        }
        if (!sameReadSettings(config)) {
            closeRead();
            openRead(config);
        }
    }

    private boolean sameReadSettings(AnalyticsConfiguration config) {
        try {
            ReadReplicaSettings wanted = ReadReplicaSettings.from(config);
            return currentRead == null ? !wanted.configured()
                    : currentRead.settings().equals(wanted) && currentRead.timeoutSec() == config.jdbc_connect_timeout_sec();
        } catch (ConfigurationException e) {
            return currentRead == null;
        }
    }

    /**
     * Opens the read replica's pool when {@code jdbc.read.url} is set. A bad {@code jdbc.read.*}
     * value opens nothing: the schema migrator reports it and keeps the whole plugin off until it is fixed.
     */
    private synchronized void openRead(AnalyticsConfiguration config) {
        ReadReplicaSettings read;
        HikariDataSource pool;
        try {
            read = ReadReplicaSettings.from(config);
            if (!read.configured()) {
                return;
            }
            pool = new HikariDataSource(readHikariConfig(read, config));
        } catch (ConfigurationException e) {
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AnalyticsConfiguration.POOL_PROPERTY, READ_POOL);
        properties.put("dataSourceName", "revenge-analytics-read");
        properties.put(READ_SERVER_PROPERTY, read.server());
        properties.put(READ_MAX_LAG_PROPERTY, read.maxLag().toSeconds());
        properties.put(Constants.SERVICE_DESCRIPTION, "Revenge Analytics connection pool for the read replica");
        currentRead = new OpenReadPool(read, config.jdbc_connect_timeout_sec(), pool,
                context.registerService(DataSource.class, pool, properties));
        LOG.info("Analytics read replica pool ready for {} ({} read-only connections at most)", read.server(),
                pool.getMaximumPoolSize());
    }

    private synchronized void open(AnalyticsConfiguration config) {
        String url = config.jdbc_url() == null ? "" : config.jdbc_url().strip();
        if (url.isEmpty()) {
            LOG.info("jdbc.url is empty: analytics will use the host's DataSource matching {}", config.dataSource_target());
            return;
        }
        HikariDataSource pool;
        HikariDataSource exportPool;
        try {
            HikariConfig exportConfig = exportHikariConfig(url, config);
            pool = new HikariDataSource(hikariConfig(url, config));
            exportPool = new HikariDataSource(exportConfig);
        } catch (ConfigurationException e) {
            // Not thrown on: DS would leave the component failed, and a corrected configuration
            // would not bring it back.
            LOG.error("Analytics is not started: {}. Fix it with ConfigAdmin (in Karaf: etc/{}.cfg).",
                    e.getMessage(), AnalyticsConfiguration.PID);
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AnalyticsConfiguration.POOL_PROPERTY, Boolean.TRUE);
        properties.put("dataSourceName", "revenge-analytics");
        properties.put(Constants.SERVICE_DESCRIPTION, "Revenge Analytics connection pool");
        // the export pool first: whatever starts once the main pool is there finds it
        Dictionary<String, Object> exportProperties = new Hashtable<>();
        exportProperties.put(AnalyticsConfiguration.POOL_PROPERTY, EXPORT_POOL);
        exportProperties.put("dataSourceName", "revenge-analytics-export");
        exportProperties.put(Constants.SERVICE_DESCRIPTION, "Revenge Analytics connection pool for exports");
        ServiceRegistration<DataSource> exportRegistration = context.registerService(DataSource.class, exportPool,
                exportProperties);
        ServiceRegistration<DataSource> registration = context.registerService(DataSource.class, pool, properties);
        current = new OpenPool(url, config.jdbc_user(), config.jdbc_password(), config.jdbc_pool_size(),
                config.jdbc_export_pool_size(), config.jdbc_connect_timeout_sec(), pool, registration, exportPool,
                exportRegistration);
        // the query string may carry a password, so only the server and database are logged
        LOG.info("Analytics connection pool ready for {} ({} connections at most, and {} more for exports)",
                url.replaceFirst("\\?.*", ""), pool.getMaximumPoolSize(), exportPool.getMaximumPoolSize());
    }

    /**
     * Checks the connection attributes and turns them into a pool configuration. The pool starts
     * even if the database is down; the schema migrator reports and retries that.
     *
     * @throws ConfigurationException naming the first bad attribute
     */
    static HikariConfig hikariConfig(String url, AnalyticsConfiguration config) {
        int poolSize = Settings.within("jdbc.pool.size", config.jdbc_pool_size(), 1, 100);
        HikariConfig hikari = hikariConfig(url, config, "revenge-analytics", poolSize);
        hikari.setMinimumIdle(Math.min(1, poolSize));
        return hikari;
    }

    /**
     * The export pool's configuration: the same database and credentials, its own size, and no
     * idle connection kept while nobody exports.
     *
     * @throws ConfigurationException naming the first bad attribute
     */
    static HikariConfig exportHikariConfig(String url, AnalyticsConfiguration config) {
        int poolSize = Settings.within("jdbc.export.pool.size", config.jdbc_export_pool_size(), 1, 20);
        HikariConfig hikari = hikariConfig(url, config, "revenge-analytics-export", poolSize);
        hikari.setMinimumIdle(0);
        return hikari;
    }

    /**
     * The read replica's pool: its own URL, credentials and size, read-only connections, and no idle
     * connection kept while nobody reads. Public for the tests and the benchmark, which build the pool as the plugin does.
     *
     * @throws ConfigurationException naming the first bad attribute
     */
    public static HikariConfig readHikariConfig(ReadReplicaSettings read, AnalyticsConfiguration config) {
        HikariConfig hikari = hikariConfig("jdbc.read.url", read.url(), read.user(), read.password(), config,
                "revenge-analytics-read", read.poolSize());
        hikari.setMinimumIdle(0);
        // on a hot standby every transaction is read-only anyway; on the primary through another
        // role, this keeps a query from ever writing
        hikari.setReadOnly(true);
        return hikari;
    }

    private static HikariConfig hikariConfig(String url, AnalyticsConfiguration config, String name, int poolSize) {
        return hikariConfig("jdbc.url", url, config.jdbc_user(), config.jdbc_password(), config, name, poolSize);
    }

    private static HikariConfig hikariConfig(String attribute, String url, String user, String password,
            AnalyticsConfiguration config, String name, int poolSize) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException(attribute, url, "must start with jdbc:postgresql:");
        }
        int timeoutSec = Settings.within("jdbc.connect.timeout.sec", config.jdbc_connect_timeout_sec(), 1, 300);

        // Hikari is handed a ready DataSource so that nothing is loaded by class name (OSGi).
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        try {
            postgres.setURL(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(attribute, url, "is not a valid PostgreSQL JDBC URL (" + e.getMessage() + ")");
        }
        postgres.setApplicationName(name);
        postgres.setConnectTimeout(timeoutSec);
        if (!user.isBlank()) {
            postgres.setUser(user.strip());
        }
        if (!password.isEmpty()) {
            postgres.setPassword(password);
        }

        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDataSource(postgres);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setConnectionTimeout(TimeUnit.SECONDS.toMillis(timeoutSec));
        hikari.setInitializationFailTimeout(-1);
        // the pool's figures (active, idle, waiting connections) for JMX, as
        // com.zaxxer.hikari:type=Pool (revenge-analytics); a pool is closed before the next opens,
        // so the name is never taken twice
        hikari.setRegisterMbeans(true);
        return hikari;
    }

    @Deactivate
    synchronized void close() {
        closeRead();
        closePrimary();
    }

    private synchronized void closeRead() {
        if (currentRead != null) {
            currentRead.registration().unregister();
            currentRead.pool().close();
            currentRead = null;
            LOG.info("Analytics read replica pool closed");
        }
    }

    private synchronized void closePrimary() {
        if (current != null) {
            current.registration().unregister();
            current.exportRegistration().unregister();
            current.pool().close();
            current.exportPool().close();
            current = null;
            LOG.info("Analytics connection pool closed");
        }
    }
}
