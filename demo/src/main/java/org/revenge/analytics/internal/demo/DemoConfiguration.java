package org.revenge.analytics.internal.demo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The demo player's configuration, PID {@value #PID}. Optional: without it the player runs on
 * these defaults. A change restarts the player (history already posted is not posted again).
 */
@ObjectClassDefinition(
        id = DemoConfiguration.PID,
        name = "Revenge Analytics demo player",
        description = "A pretend media-server player that posts playback and library-scan events, for demonstrations only.")
public @interface DemoConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics.demo";

    @AttributeDefinition(name = "Users", min = "1", max = "50",
            description = "How many pretend users play (1 to 50).")
    int users() default 8;

    @AttributeDefinition(name = "New sessions per minute", min = "0", max = "600",
            description = "Live playback sessions started per minute, across all users (0 to 600; 0: history only).")
    int sessions_per_minute() default 6;

    @AttributeDefinition(name = "History (days)", min = "0", max = "89",
            description = "Days of past plays and scans posted when the player first starts (0 to 89: Analytics refuses "
                    + "events older than its raw retention, 90 days by default).")
    int backfill_days() default 28;

    @AttributeDefinition(name = "Bad events per hour", min = "0", max = "3600",
            description = "Deliberately broken events posted per hour, to show that Analytics refuses and counts them "
                    + "(0 to 3600).")
    int bad_events_per_hour() default 6;

    @AttributeDefinition(name = "Library scan interval (min)", min = "1", max = "1440",
            description = "Minutes between library scans; each scan reports one library, in turn (1 to 1440).")
    int scan_interval_min() default 10;

    @AttributeDefinition(name = "Report interval (s)", min = "0", max = "3600",
            description = "Seconds between log lines with the figures Analytics reports (0 to 3600; 0: never).")
    int report_interval_sec() default 60;
}
