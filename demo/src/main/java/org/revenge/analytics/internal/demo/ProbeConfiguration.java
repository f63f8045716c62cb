package org.revenge.analytics.internal.demo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The counting probe's configuration, PID {@value #PID}. The probe runs only while this
 * configuration exists; the features write none, so it is off unless a test (or an operator
 * checking an update by hand) creates {@code etc/org.revenge.analytics.demo.probe.cfg}.
 */
@ObjectClassDefinition(
        id = ProbeConfiguration.PID,
        name = "Revenge Analytics demo: counting probe",
        description = "Numbered playback sessions at a steady rate, each one play, so that lost and doubled plays "
                + "can be counted exactly in playback_events. For tests; off unless configured.")
public @interface ProbeConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics.demo.probe";

    @AttributeDefinition(name = "Run",
            description = "A UUID naming the run: the media id and library id of every probe play; session n is played "
                    + "by the user whose UUID has the run's high 64 bits and n as its low 64 bits.")
    String run();

    @AttributeDefinition(name = "First start (epoch ms)",
            description = "Event time of session 0's start; session n starts 1000 / sessions.per.second ms after "
                    + "session n - 1 and stops 120 s later (event time). Must lie in the past, within the raw retention.")
    long first_start_ms();

    @AttributeDefinition(name = "Sessions per second", min = "1", max = "1000",
            description = "New sessions started per second (1 to 1000).")
    int sessions_per_second() default 20;

    @AttributeDefinition(name = "Seconds open", min = "0", max = "600",
            description = "Wall-clock seconds between a session's start and its stop (0 to 600), so that sessions are "
                    + "open while the plugin is updated.")
    int open_sec() default 3;

    @AttributeDefinition(name = "Paused",
            description = "When true, nothing is posted (no starts, no stops) until it is false again.")
    boolean paused() default false;

    @AttributeDefinition(name = "Status file",
            description = "Where the probe writes how many sessions it started and stopped (a properties file); it "
                    + "continues from it after a restart of the framework.")
    String status_file();
}
