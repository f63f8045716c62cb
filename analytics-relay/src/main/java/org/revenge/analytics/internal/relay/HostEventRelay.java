package org.revenge.analytics.internal.relay;

import java.time.Duration;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.revenge.analytics.spi.AnalyticsTopics;
import org.revenge.analytics.spi.HostEventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's playback and library events, relayed to the analytics bundle. EventAdmin delivers
 * only to handlers registered when an event is posted, so while the analytics bundle is stopped
 * or updated (Karaf's {@code bundle:update}, a new jar in {@code deploy/}) its own handler would
 * miss them. This bundle stays up meanwhile: it subscribes to the topics, hands each event to the
 * analytics bundle's {@link HostEventSink} (registered with {@link HostEventSink#SINK_PROPERTY}{@code =true};
 * no {@code EventHandler}, so EventAdmin never looks at it), and keeps events in memory while there is none; see
 * {@link EventRelay} for the exact rule. It holds no other logic, so it rarely needs updating
 * itself; updating it reopens the gap for that moment.
 */
@Component(immediate = true, configurationPid = RelayConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {EventConstants.EVENT_TOPIC + "=" + AnalyticsTopics.PLAYBACK_ALL,
                EventConstants.EVENT_TOPIC + "=" + AnalyticsTopics.LIBRARY_SCANNED})
@Designate(ocd = RelayConfiguration.class)
public final class HostEventRelay implements EventHandler {

    /** The default of {@code backlog.capacity}: about 100 MB of events at most. */
    static final int DEFAULT_CAPACITY = 100_000;

    /** The analytics bundle, whose sink the relay calls. */
    static final String PLUGIN = "org.revenge.analytics.bundle";

    private static final Logger LOG = LoggerFactory.getLogger(HostEventRelay.class);
    private static final long REFUSAL_PAUSE_MILLIS = 50;
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final EventRelay relay;
    private final BundleContext context;
    private final BundleListener installs = this::bundleChanged;
    private final Thread handOver;
    private final Reporter reporter;

    @Activate
    public HostEventRelay(BundleContext context, RelayConfiguration config) {
        this.context = context;
        // listen first, then look: an install in between is seen either way
        context.addBundleListener(installs);
        this.relay = new EventRelay(config.backlog_capacity(), installed());
        this.reporter = new Reporter(relay, REPORT_INTERVAL);
        this.handOver = new Thread(this::handOverLoop, "analytics-relay");
        handOver.setDaemon(true);
        handOver.start();
    }

    @Modified
    void modified(RelayConfiguration config) {
        relay.capacity(config.backlog_capacity());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + HostEventSink.SINK_PROPERTY + "=true)")
    void bindAnalyticsSink(HostEventSink sink) {
        int kept = relay.backlog();
        relay.sinkAppeared(sink);
        if (kept > 0) {
            LOG.info("Analytics is back: handing over {} host events kept while it was away, then the new ones", kept);
        }
    }

    void unbindAnalyticsSink(HostEventSink sink) {
        relay.sinkGone(sink);
        LOG.info("Analytics is away (stopping or updating): host events are kept in memory until it is back "
                + "(at most backlog.capacity of them)");
    }

    @Override
    public void handleEvent(Event event) {
        relay.relay(event);
        reporter.reportIfDue();
    }

    private boolean installed() {
        for (Bundle bundle : context.getBundles()) {
            if (PLUGIN.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.UNINSTALLED) {
                return true;
            }
        }
        return false;
    }

    private void bundleChanged(BundleEvent event) {
        if (!PLUGIN.equals(event.getBundle().getSymbolicName())) {
            return;
        }
        if (event.getType() == BundleEvent.INSTALLED) {
            relay.pluginInstalled(true);
            reporter.reportNow();
        } else if (event.getType() == BundleEvent.UNINSTALLED) {
            boolean stillThere = installed();
            int dropped = relay.pluginInstalled(stillThere);
            if (!stillThere) {
                LOG.warn("Analytics was uninstalled: the relay dropped the {} host events it kept, and drops new ones "
                        + "until it is installed again", dropped);
            }
        }
    }

    private void handOverLoop() {
        try {
            while (relay.awaitWork(REFUSAL_PAUSE_MILLIS)) {
                relay.handOver();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Analytics relay thread failed; kept events wait for the next start of the relay", e);
        }
    }

    /**
     * EventAdmin has already stopped calling (DS withdrew the service first); what is kept is
     * handed to the analytics sink if it is there, else it is lost with the relay, and said so.
     */
    @Deactivate
    void deactivate() throws InterruptedException {
        context.removeBundleListener(installs);
        relay.stop();
        handOver.join(STOP_TIMEOUT.toMillis());
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (relay.backlog() > 0 && relay.handOver() > 0 && System.nanoTime() < deadline) {
            // the rest of the backlog, on this thread
        }
        int lost = relay.backlog();
        if (lost > 0) {
            LOG.warn("Analytics relay stopped with {} host events it could not hand over; they are lost", lost);
        }
        reporter.reportNow();
    }
}
