package org.revenge.analytics.bench;

import java.lang.reflect.Method;

import org.osgi.framework.ServiceReference;

/** The plugin's ingest counters, read through the service API (which the benchmark does not link against). */
final class PluginStats {

    private final Object service;
    private final Method getIngestStats;

    PluginStats(Host host) throws Exception {
        ServiceReference<?> reference = host.context().getServiceReference("org.revenge.analytics.spi.AnalyticsService");
        service = host.context().getService(reference);
        Class<?> api = reference.getBundle().loadClass("org.revenge.analytics.spi.AnalyticsService");
        getIngestStats = api.getMethod("getIngestStats");
    }

    long get(String counter) throws Exception {
        return counter(getIngestStats.invoke(service), counter);
    }

    /** Events the plugin has taken from EventAdmin: accepted into its queue, or rejected (of one snapshot). */
    long taken() throws Exception {
        Object stats = getIngestStats.invoke(service);
        return counter(stats, "accepted") + counter(stats, "rejected");
    }

    private static long counter(Object stats, String name) throws Exception {
        return (long) stats.getClass().getMethod(name).invoke(stats);
    }
}
