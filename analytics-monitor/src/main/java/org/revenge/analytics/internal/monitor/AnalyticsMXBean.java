package org.revenge.analytics.internal.monitor;

import java.util.Map;

/**
 * The plugin's figures for JMX ({@value AnalyticsMBean#OBJECT_NAME}): open types only, so any JMX
 * client (jconsole, Karaf Decanter's JMX collector, a Prometheus JMX exporter) reads them without
 * the plugin's classes. Public because the MXBean introspector needs it to be.
 */
public interface AnalyticsMXBean {

    /** Whether recording is switched on; writable (Karaf's JMX ACL lets only admins set attributes). */
    boolean isRecording();

    void setRecording(boolean recording);

    /** Host events accepted since the plugin started. */
    long getEventsAccepted();

    /** Host events refused or ignored since the plugin started. */
    long getEventsRejected();

    /** Plays in memory waiting for the writer. */
    long getPlaysQueued();

    /** Plays in the journal, not yet in the database. */
    long getPlaysJournaled();

    /** Plays written since the plugin started. */
    long getPlaysWritten();

    /** How long the oldest play not yet written has waited, in milliseconds (0 when none waits). */
    long getIngestLagMillis();

    /** Playback sessions open now. */
    long getActiveSessions();

    /** Each job kind's latest run: its state ({@code completed}, {@code failed}, ...). */
    Map<String, String> getJobStates();
}
