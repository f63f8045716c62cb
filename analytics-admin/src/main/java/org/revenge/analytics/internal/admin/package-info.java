/**
 * The admin surfaces of Revenge Analytics: the HTTP API ({@code http}), the web console page
 * ({@code console}) and the shell commands ({@code shell}). They reach the plugin only through the
 * exported SPI, {@link org.revenge.analytics.spi.AnalyticsService} and
 * {@link org.revenge.analytics.spi.AnalyticsAdmin}, and authorise the person they act for
 * themselves: the SPI does not know who is calling.
 */
package org.revenge.analytics.internal.admin;
