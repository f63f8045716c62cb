package org.revenge.analytics.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A figure a host bundle wants kept with the system metrics, for example the number of
 * transcodes running. Register an implementation as an OSGi service with the property
 * {@value #NAME}; the plugin samples it every minute and keeps the minimum, average and maximum
 * of each hour, for the configured system-metrics retention.
 *
 * @since 1.1
 */
@ConsumerType
public interface AnalyticsGauge {

    /**
     * The service property that names the metric: lower-case words separated by dots, at most 100
     * characters, for example {@code host.transcodes.active}. A gauge without a valid name is ignored.
     */
    String NAME = "analytics.gauge.name";

    /**
     * Reads the current value. Called from the plugin's sampling thread about once a minute; it
     * must return quickly and must not block. A value that is not finite, or an exception, skips
     * this sample.
     *
     * @return the current value
     */
    double sample();
}
