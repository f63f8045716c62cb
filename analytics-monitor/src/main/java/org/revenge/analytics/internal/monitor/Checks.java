package org.revenge.analytics.internal.monitor;

/**
 * What the health checks share: the tag that selects them all ({@code hc:exec analytics}, the
 * health tab's tag field, the servlet's {@code /system/health/analytics}), and their MBean names
 * ({@code org.apache.felix.healthcheck:type=HealthCheck,name=analytics-...}).
 */
final class Checks {

    /** Every check of the plugin carries this tag. */
    static final String TAG = "analytics";

    private Checks() {
    }
}
