/**
 * The Revenge Analytics contract: the {@link org.revenge.analytics.spi.AnalyticsService} that other
 * bundles call, the immutable records it takes and returns, its unchecked errors, and the
 * EventAdmin topics and property keys that the host posts ({@link org.revenge.analytics.spi.AnalyticsTopics}), and
 * the {@link org.revenge.analytics.spi.HostEventSink} through which the relay bundle hands those events to the plugin.
 *
 * <p>All times are UTC {@link java.time.Instant}s; calendar days ({@link java.time.LocalDate}) are
 * days in the plugin's configured time zone. Durations of watching are whole seconds.
 */
@Export
@Version("1.7.0")
package org.revenge.analytics.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
