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

    /** Records the writer set aside since the plugin started (plays, scans, session rows it could not store). */
    long getRecordsQuarantined();

    /** Records in the quarantine now, waiting for an admin to re-drive or discard them. */
    long getQuarantineSize();

    /** Journal appends that failed since the plugin started (a full or failing disk). */
    long getJournalFailures();

    /** Playback sessions open now. */
    long getActiveSessions();

    /** Each job kind's latest run: its state ({@code completed}, {@code failed}, ...). */
    Map<String, String> getJobStates();

    /** Whether the queries read the read replica now ({@code jdbc.read.url}); {@code false} with none configured. */
    boolean isReadingReplica();

    /** How far the read replica is behind the primary, in milliseconds; -1 with none configured or not known. */
    long getReadReplicaLagMillis();
}
