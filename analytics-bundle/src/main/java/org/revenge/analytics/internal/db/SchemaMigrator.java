package org.revenge.analytics.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.ConfigurationException;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.util.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the analytics schema up to date on the configured DataSource, then registers
 * {@link MigratedDatabase}. Until the database answers it retries with backoff, saying so in the
 * log; a failed changeset stops it for good (Liquibase's state is unusable after one), with an
 * error that names the changeset.
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(15);

    private final BundleContext context;
    private final DataSource dataSource;
    private final ScheduledExecutorService worker;
    private final Object lock = new Object();
    private ServiceRegistration<MigratedDatabase> registration;
    private boolean closed;
    /** Whether the configuration is valid, so that the schema should be (or is being) made ready. */
    private boolean started;
    /** The configured zone, in which migrations that fill new rollups count days and hours. */
    private volatile ZoneId zone = ZoneOffset.UTC;

    @Activate
    public SchemaMigrator(BundleContext context, AnalyticsConfiguration config,
            @Reference(name = "dataSource", target = "(" + AnalyticsConfiguration.POOL_PROPERTY + "=true)") DataSource dataSource) {
        this.context = context;
        this.dataSource = dataSource;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "analytics-schema"));
        modified(config);
    }

    /**
     * The gate for the whole plugin: with an invalid configuration nothing downstream of the
     * schema is registered, and a corrected one starts it again. A new dataSource.target rebinds
     * by itself.
     */
    @Modified
    void modified(AnalyticsConfiguration config) {
        boolean valid;
        try {
            zone = Settings.from(config).zone();
            valid = true;
        } catch (ConfigurationException e) {
            LOG.error("Analytics is not started: {}. Fix it with ConfigAdmin (in Karaf: etc/{}.cfg).",
                    e.getMessage(), AnalyticsConfiguration.PID);
            valid = false;
        }
        synchronized (lock) {
            if (valid == started) {
                return;
            }
            started = valid;
            if (valid) {
                worker.execute(() -> attempt(FIRST_RETRY));
            } else if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
    }

    private void attempt(Duration backoff) {
        synchronized (lock) {
            if (closed || !started || registration != null) {
                return;
            }
        }
        try {
            checkReachable();
        } catch (SQLException e) {
            LOG.warn("Analytics cannot reach its database ({}); it stays off and tries again in {} s",
                    Failures.rootMessage(e), backoff.toSeconds());
            retryAfter(backoff);
            return;
        }
        try {
            LiquibaseSchema.update(dataSource, zone);
        } catch (SQLException e) {
            LOG.warn("Analytics lost its database while migrating ({}); trying again in {} s", Failures.rootMessage(e), backoff.toSeconds());
            retryAfter(backoff);
            return;
        } catch (LiquibaseSchema.MigrationException e) {
            LOG.error("Analytics schema migration FAILED and analytics stays off until this is fixed and the bundle "
                    + "is restarted: {}", e.getMessage(), e);
            return;
        }
        synchronized (lock) {
            if (!closed && started && registration == null) {
                registration = context.registerService(MigratedDatabase.class, () -> dataSource, null);
                LOG.info("Analytics schema is up to date");
            }
        }
    }

    private void checkReachable() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(5)) {
                throw new SQLException("the connection did not answer");
            }
        }
    }

    private void retryAfter(Duration backoff) {
        Duration next = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
        synchronized (lock) {
            if (!closed && started) {
                worker.schedule(() -> attempt(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (lock) {
            closed = true;
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
        worker.shutdownNow();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Analytics schema migration did not stop within 30 s");
        }
    }
}
