package org.revenge.analytics.spi;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.Event;

/**
 * Where the host's playback and library events go into the plugin. The plugin registers one
 * service of this type with {@link #SINK_PROPERTY}{@code =true}; the relay bundle subscribes to the
 * {@link AnalyticsTopics} on EventAdmin and hands each event to it, keeping events back while there
 * is none (the plugin is stopping, updated or restarting). The sink has no {@code event.topics}
 * and is no {@code EventHandler}, so EventAdmin never sees it.
 *
 * <p>While analytics is disabled the sink stays registered, with {@link #ENABLED_PROPERTY}
 * {@code false}, and ignores what it is given: the relay then drops events instead of keeping them.
 *
 * @since 1.4.0
 */
@ProviderType
public interface HostEventSink {

    /** The service property ({@code Boolean true}) that marks the plugin's sink, to find it by. */
    String SINK_PROPERTY = "revenge.analytics.sink";

    /**
     * The sink's service property saying whether analytics records: the plugin's {@code enabled}
     * setting as its configuration holds it ({@code Boolean}, or its {@code String} from a
     * {@code .cfg} file; an LDAP filter {@code (enabled=true)} matches both).
     */
    String ENABLED_PROPERTY = "enabled";

    /**
     * Takes one host event: validates it, hands it on and returns at once, with no I/O. A bad
     * event is counted by the plugin, never thrown.
     *
     * @param event an event on one of the {@link AnalyticsTopics} topics, as EventAdmin delivered it
     * @throws IllegalStateException if the plugin is stopping: the event was not taken, and the
     *                               caller keeps it for the next start
     */
    void accept(Event event);
}
