package org.revenge.analytics.internal.export;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.db.ConnectionPool;
import org.revenge.analytics.internal.db.MigratedDatabase;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.PrivacyMapper;
import org.revenge.analytics.spi.StorageUnavailableException;

/**
 * The connection budget of exports, which read for as long as their client reads: a slow client
 * (a browser on a bad line, a script that stopped reading) must never hold a connection the writer
 * needs, nor hold the raw plays (and so the nightly partition changes) for ever.
 * <ul>
 * <li>Exports read through the export pool ({@code jdbc.export.pool.size}, 2 by default), apart from
 *     the writer's. With a DataSource of the host instead of the plugin's own pool they share the
 *     host's, still at most that many at once.</li>
 * <li>A further export while that many run is refused at once, saying why, rather than waiting.</li>
 * <li>An export whose client reads nothing for {@code export.idle.timeout.sec} is ended by
 *     PostgreSQL ({@code idle_in_transaction_session_timeout} on its transaction): its snapshot
 *     would otherwise keep every partition it read locked against the nightly drop.</li>
 * </ul>
 */
@Component(service = ExportReads.class, configurationPid = AnalyticsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ExportReads {

    private final AnalyticsStore store;
    private final Semaphore running;
    private final int budget;
    private final Duration idleTimeout;

    @Activate
    public ExportReads(@Reference MigratedDatabase database,
            @Reference(target = "(" + AnalyticsConfiguration.POOL_PROPERTY + "=" + ConnectionPool.EXPORT_POOL + ")",
                    cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            DataSource exportPool, AnalyticsConfiguration config) {
        // the export pool reaches the plugin's own database; a host DataSource chosen by dataSource.target another
        this(AnalyticsStore.over(exportPool != null && ownPool(config) ? exportPool : database.dataSource()),
                Settings.within("jdbc.export.pool.size", config.jdbc_export_pool_size(), 1, 20),
                Duration.ofSeconds(Settings.within("export.idle.timeout.sec", config.export_idle_timeout_sec(), 10, 86_400)));
    }

    /**
     * @param store       the store exports read through (over the export pool, in a framework)
     * @param budget      how many exports may run at once
     * @param idleTimeout how long an export's client may read nothing before the export is ended
     */
    public ExportReads(AnalyticsStore store, int budget, Duration idleTimeout) {
        this.store = store;
        this.budget = budget;
        this.running = new Semaphore(budget);
        this.idleTimeout = idleTimeout;
    }

    private static boolean ownPool(AnalyticsConfiguration config) {
        return ("(" + AnalyticsConfiguration.POOL_PROPERTY + "=true)").equals(config.dataSource_target().strip());
    }

    /**
     * Runs an export's reads in one read-only snapshot, within the export budget.
     *
     * @param what what is exported, for the error message ("export the plays")
     * @throws StorageUnavailableException if as many exports run already as the budget allows, or the
     *                                     database failed (also when the client read nothing for too long)
     * @throws IOException                 if writing to the client failed
     */
    public <T> T readSnapshot(String what, AnalyticsStore.StreamingRead<T> work) throws IOException {
        if (!running.tryAcquire()) {
            throw new StorageUnavailableException("Cannot " + what + ": " + budget + " export" + (budget == 1 ? " is" : "s are")
                    + " running already, as many as jdbc.export.pool.size allows; try again once one has finished", null);
        }
        try {
            return store.readSnapshot(what, session -> {
                session.getMapper(PrivacyMapper.class).limitIdleInTransaction(String.valueOf(idleTimeout.toMillis()));
                return work.read(session);
            });
        } finally {
            running.release();
        }
    }
}
