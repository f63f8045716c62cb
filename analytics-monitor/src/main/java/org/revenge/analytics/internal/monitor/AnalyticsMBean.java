package org.revenge.analytics.internal.monitor;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import javax.management.DynamicMBean;
import javax.management.StandardMBean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.JobRun;

/**
 * The plugin's MBean, registered the OSGi way: a {@link DynamicMBean} service with
 * {@code jmx.objectname}, which a JMX whiteboard (Aries JMX whiteboard, part of Karaf's
 * {@code management} feature) registers with the MBean server and takes away with the service. No
 * code here touches an MBean server, so the bundle works the same with or without JMX.
 */
@Component(service = DynamicMBean.class, configurationPid = MonitorConfiguration.PID,
        property = "jmx.objectname=" + AnalyticsMBean.OBJECT_NAME)
@Designate(ocd = MonitorConfiguration.class)
public final class AnalyticsMBean extends StandardMBean implements AnalyticsMXBean {

    /** The MBean's name. */
    public static final String OBJECT_NAME = "org.revenge.analytics:type=Analytics";

    private final AnalyticsAdmin admin;
    private final CachedFigures figures;

    @Activate
    public AnalyticsMBean(@Reference AnalyticsService analytics, @Reference AnalyticsAdmin admin, MonitorConfiguration config) {
        this(analytics, admin, MonitorSettings.of(config).figuresMaxAge(), Clock.systemUTC());
    }

    AnalyticsMBean(AnalyticsService analytics, AnalyticsAdmin admin, Duration figuresMaxAge, Clock clock) {
        super(AnalyticsMXBean.class, true);
        this.admin = admin;
        this.figures = new CachedFigures(analytics::getSystemStats, figuresMaxAge, clock);
    }

    @Override
    public boolean isRecording() {
        return admin.isEnabled();
    }

    @Override
    public void setRecording(boolean recording) {
        admin.setEnabled(recording);
    }

    @Override
    public long getEventsAccepted() {
        return ingest().accepted();
    }

    @Override
    public long getEventsRejected() {
        return ingest().rejected();
    }

    @Override
    public long getPlaysQueued() {
        return ingest().queued();
    }

    @Override
    public long getPlaysJournaled() {
        return ingest().journaled();
    }

    @Override
    public long getPlaysWritten() {
        return ingest().written();
    }

    @Override
    public long getIngestLagMillis() {
        Duration lag = ingest().writeLag();
        return lag == null ? 0 : lag.toMillis();
    }

    @Override
    public long getRecordsQuarantined() {
        return ingest().quarantined();
    }

    @Override
    public long getQuarantineSize() {
        return admin.countQuarantined();
    }

    @Override
    public long getJournalFailures() {
        return ingest().journalFailures();
    }

    @Override
    public long getActiveSessions() {
        return figures.read().activeSessions();
    }

    @Override
    public Map<String, String> getJobStates() {
        Map<String, String> states = new TreeMap<>();
        for (JobRun run : figures.read().jobs()) {
            states.put(run.kind(), run.state());
        }
        return states;
    }

    @Override
    public boolean isReadingReplica() {
        return figures.read().reads().inUse();
    }

    @Override
    public long getReadReplicaLagMillis() {
        Duration lag = figures.read().reads().replayLag();
        return lag == null ? -1 : lag.toMillis();
    }

    private IngestStats ingest() {
        return figures.read().ingest();
    }
}
