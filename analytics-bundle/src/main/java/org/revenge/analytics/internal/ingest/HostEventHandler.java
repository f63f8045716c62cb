package org.revenge.analytics.internal.ingest;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * Receives the host's playback and library events from the relay bundle, which subscribes to
 * them on EventAdmin and calls this handler directly. It only validates and hands them on, so
 * EventAdmin is never held up (Felix deny-lists a slow handler). While analytics is disabled it
 * ignores them. Once its bundle is stopping it throws {@link IllegalStateException}, which tells
 * the relay that the event was not taken and must be kept for the next start.
 */
final class HostEventHandler implements EventHandler {

    private final IngestPipeline pipeline;

    HostEventHandler(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void handleEvent(Event event) {
        // disabled means not recorded: the event is dropped here, not kept back by the relay
        if (pipeline.enabled()) {
            pipeline.offer(event);
        } else {
            pipeline.ignored(IngestPipeline.DISABLED);
        }
    }
}
