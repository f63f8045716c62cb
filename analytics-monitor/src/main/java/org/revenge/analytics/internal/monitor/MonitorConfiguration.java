package org.revenge.analytics.internal.monitor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Thresholds of the health checks and the MBean's reuse of one reading, PID {@value #PID}. */
@ObjectClassDefinition(
        id = MonitorConfiguration.PID,
        name = "Revenge Analytics monitoring",
        description = "Thresholds of the Revenge Analytics health checks (tag analytics) and its MBean "
                + "org.revenge.analytics:type=Analytics.")
public @interface MonitorConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics.monitor";

    @AttributeDefinition(name = "Most ingest lag (s)",
            description = "The ingest check warns when the oldest play not yet written has waited longer than this.")
    long ingest_lag_max_sec() default 60;

    @AttributeDefinition(name = "Most events waiting",
            description = "The ingest check warns when more events than this wait for the writer, in memory or in the "
                    + "journal.")
    long ingest_queue_max() default 10_000;

    @AttributeDefinition(name = "Reading reused for (s)",
            description = "Seconds one reading of the figures answers the MBean's attributes, which a JMX client "
                    + "reads one by one (0: read afresh every time).")
    long figures_max_age_sec() default 5;
}
