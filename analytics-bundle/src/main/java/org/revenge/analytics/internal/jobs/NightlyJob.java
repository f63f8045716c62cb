package org.revenge.analytics.internal.jobs;

/**
 * A job of the nightly work on finished days: the rollup check, the ranking periods, compaction and
 * retention. Each locks the tables the writer adds to, or rewrites the partitions it writes into, so
 * its runs wait while recording is behind ({@link Job#yieldsToRecording}).
 */
abstract class NightlyJob implements Job {

    private final String kind;

    NightlyJob(String kind) {
        this.kind = kind;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final boolean yieldsToRecording() {
        return true;
    }
}
