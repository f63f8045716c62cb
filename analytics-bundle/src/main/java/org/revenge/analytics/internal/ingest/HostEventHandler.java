package org.revenge.analytics.internal.ingest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.revenge.analytics.spi.AnalyticsTopics;

/**
 * Receives the host's playback and library events. It only validates and hands them on, so
 * EventAdmin is never held up (Felix deny-lists a slow handler).
 */
@Component(property = {
    EventConstants.EVENT_TOPIC + "=" + AnalyticsTopics.PLAYBACK_ALL,
    EventConstants.EVENT_TOPIC + "=" + AnalyticsTopics.LIBRARY_SCANNED
})
public final class HostEventHandler implements EventHandler {

    private final IngestPipeline pipeline;

    @Activate
    public HostEventHandler(@Reference IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void handleEvent(Event event) {
        pipeline.offer(event);
    }
}
