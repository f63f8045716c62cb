package org.revenge.analytics.internal.relay;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The relay's configuration, PID {@value #PID}. Optional: without it the relay runs on these
 * defaults. A change applies at once; the backlog is kept.
 */
@ObjectClassDefinition(
        id = RelayConfiguration.PID,
        name = "Revenge Analytics event relay",
        description = "Hands the host's playback and library events to Revenge Analytics, keeping them in memory while "
                + "the analytics bundle is stopped or updated.")
public @interface RelayConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics.relay";

    @AttributeDefinition(name = "Backlog capacity", min = "1",
            description = "Most host events kept in memory while the analytics bundle is stopped or updated (about 1 KB "
                    + "each); beyond it new events are dropped, counted and logged.")
    int backlog_capacity() default HostEventRelay.DEFAULT_CAPACITY;
}
