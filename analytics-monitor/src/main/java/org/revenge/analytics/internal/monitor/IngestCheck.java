package org.revenge.analytics.internal.monitor;

import java.time.Duration;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.IngestStats;

/**
 * Ingest keeping up: the oldest play not yet written has waited less than
 * {@code ingest.lag.max.sec}, and fewer than {@code ingest.queue.max} events wait, in memory or in
 * the journal (which the writer empties once it has caught up). Either over its threshold is a
 * WARN: the writer is behind, nothing is lost yet.
 */
@Component(service = HealthCheck.class, configurationPid = MonitorConfiguration.PID, property = {
        HealthCheck.NAME + "=Revenge Analytics ingest",
        HealthCheck.TAGS + "=" + Checks.TAG,
        HealthCheck.MBEAN_NAME + "=analytics-ingest"})
public final class IngestCheck implements HealthCheck {

    private final AnalyticsService analytics;
    private final MonitorSettings settings;

    @Activate
    public IngestCheck(@Reference AnalyticsService analytics, MonitorConfiguration config) {
        this(analytics, MonitorSettings.of(config));
    }

    IngestCheck(AnalyticsService analytics, MonitorSettings settings) {
        this.analytics = analytics;
        this.settings = settings;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        IngestStats ingest;
        try {
            ingest = analytics.getSystemStats().ingest();
        } catch (AnalyticsException e) {
            log.warn("No ingest figures: {} (see the database check)", e.getMessage());
            return new Result(log);
        }
        Duration lag = ingest.writeLag() == null ? Duration.ZERO : ingest.writeLag();
        if (lag.compareTo(settings.ingestLagMax()) > 0) {
            log.warn("Ingest lag is {} s, over ingest.lag.max.sec = {}: the writer is behind (is the database slow?)",
                    lag.toSeconds(), settings.ingestLagMax().toSeconds());
        } else {
            log.info("Ingest lag is {} ms (at most {} s)", lag.toMillis(), settings.ingestLagMax().toSeconds());
        }
        long waiting = ingest.queued() + ingest.journaled();
        if (waiting > settings.ingestQueueMax()) {
            log.warn("{} events wait ({} in memory, {} in the journal), over ingest.queue.max = {}", waiting, ingest.queued(),
                    ingest.journaled(), settings.ingestQueueMax());
        } else {
            log.info("{} events wait ({} in memory, {} in the journal; at most {})", waiting, ingest.queued(),
                    ingest.journaled(), settings.ingestQueueMax());
        }
        log.info("{} events accepted, {} refused or ignored, {} plays written since the start",
                ingest.accepted(), ingest.rejected(), ingest.written());
        return new Result(log);
    }
}
