package org.revenge.analytics.internal.ingest;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * Receives the host's playback and library events. It only validates and hands them on, so
 * EventAdmin is never held up (Felix deny-lists a slow handler). The {@link IngestPipeline}
 * registers it while analytics is enabled, and withdraws it while it is disabled.
 */
final class HostEventHandler implements EventHandler {

    private final IngestPipeline pipeline;

    HostEventHandler(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void handleEvent(Event event) {
        pipeline.offer(event);
    }
}
