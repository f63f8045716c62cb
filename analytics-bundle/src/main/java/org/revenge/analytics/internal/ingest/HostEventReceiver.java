package org.revenge.analytics.internal.ingest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.spi.HostEventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the host's playback and library events from the relay bundle, which subscribes to them
 * on EventAdmin and calls this sink directly. Declarative Services registers it for the pipeline's
 * whole life, with {@link HostEventSink#SINK_PROPERTY}{@code =true} and, from the configuration,
 * {@link HostEventSink#ENABLED_PROPERTY}: while disabled it stays registered and ignores events, so
 * that the relay can tell "disabled" (drop) from "restarting" (keep). Being no {@code EventHandler},
 * it is nothing EventAdmin looks at.
 * <p>
 * It only validates and hands events on, so EventAdmin is never held up. Once the pipeline is
 * closing it throws {@link IllegalStateException}, which tells the relay that the event was not
 * taken and must be kept for the next start.
 */
@Component(service = HostEventSink.class, configurationPid = AnalyticsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {HostEventSink.SINK_PROPERTY + ":Boolean=true", HostEventSink.ENABLED_PROPERTY + ":Boolean=true"})
public final class HostEventReceiver implements HostEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final IngestPipeline pipeline;
    private boolean enabled;

    @Activate
    public HostEventReceiver(@Reference IngestPipeline pipeline, AnalyticsConfiguration config) {
        this.pipeline = pipeline;
        this.enabled = config.enabled();
        logEnabled();
    }

    /**
     * A changed configuration changes the service properties ({@code enabled}), not the service.
     * DS calls this before it republishes them, so the log says it before the relay can see it.
     */
    @Modified
    void modified(AnalyticsConfiguration config) {
        if (config.enabled() != enabled) {
            enabled = config.enabled();
            logEnabled();
        }
    }

    private void logEnabled() {
        if (enabled) {
            LOG.info("Analytics is enabled: it receives the host's playback and library events");
        } else {
            LOG.info("Analytics is disabled: host events are no longer received; stored figures can still be read");
        }
    }

    @Override
    public void accept(Event event) {
        pipeline.offer(event);
    }
}
