package org.revenge.analytics.internal.monitor;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.spi.SystemStats;

/**
 * Database reachable and schema current. The plugin registers {@link AnalyticsService} only once
 * its Liquibase changesets are applied, so its presence means the schema is current; a query
 * answering means the database is reachable now. Registered whether or not the plugin runs, so
 * that a plugin that never started is a CRITICAL rather than a missing check. With a read replica
 * configured ({@code jdbc.read.url}) it says whether the queries read it and how far it is behind,
 * and warns while they read the primary instead.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=Revenge Analytics database",
        HealthCheck.TAGS + "=" + Checks.TAG,
        HealthCheck.MBEAN_NAME + "=analytics-database"})
public final class DatabaseCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AnalyticsService analytics;

    public DatabaseCheck() {
    }

    DatabaseCheck(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        AnalyticsService service = analytics;
        if (service == null) {
            log.critical("Analytics is not running: it has no configuration, a bad one, no database at start, or a failed "
                    + "schema change (its log says which)");
            return new Result(log);
        }
        log.info("The schema is current: the plugin applied its changesets before it registered AnalyticsService");
        try {
            SystemStats stats = service.getSystemStats();
            log.info("The database answers: {} plays in 7 days, {} bytes", stats.plays7d(), stats.databaseSizeBytes());
            reads(log, stats.reads());
        } catch (AnalyticsException e) {
            log.critical("The database does not answer: {}", e.getMessage());
        }
        return new Result(log);
    }

    private static void reads(FormattingResultLog log, ReadReplicaStats reads) {
        if (!reads.configured()) {
            log.info("Queries read from the primary (no read replica configured)");
        } else if (reads.inUse()) {
            log.info("Queries read from the replica {}, {} ms behind the primary ({} bytes of log to replay); {} users' own "
                    + "queries read the primary until it has their privacy change", reads.server(), reads.replayLag().toMillis(),
                    reads.bytesBehind(), reads.usersOnPrimary());
        } else {
            log.warn("Queries read from the primary, not the replica {}: {}", reads.server(), reads.problem());
        }
    }
}
