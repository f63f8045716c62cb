package org.revenge.analytics.internal.admin.shell;

/**
 * Each command's one-line description, as constants, so that Gogo's {@code osgi.command.description},
 * the Gogo {@code --help} and the Karaf actions' {@code @Command(description)} (which must be
 * compile-time constants) say the same.
 */
public final class CommandTexts {

    /** {@code analytics:status} */
    public static final String STATUS = "what Analytics records and how it is doing: recording state, totals, ingest and the latest job runs";

    /** {@code analytics:enable} */
    public static final String ENABLE = "switches recording on (saved in the plugin's configuration, so it survives restarts)";

    /** {@code analytics:disable} */
    public static final String DISABLE = "switches recording off: host events are ignored and jobs pause; stored data still answers queries";

    /** {@code analytics:top} */
    public static final String TOP = "the most played (or most popular) items of each library";

    /** {@code analytics:user} */
    public static final String USER = "one user's totals, recently watched items and latest plays (audited)";

    /** {@code analytics:library} */
    public static final String LIBRARY = "every library's latest scan with its health figures, or one library with its growth";

    /** {@code analytics:jobs} */
    public static final String JOBS = "the job kinds and the latest job runs, most recent first";

    /** {@code analytics:run-job} */
    public static final String RUN_JOB = "queues a run of a job kind now (see analytics:jobs for the kinds and the run)";

    /** {@code analytics:export} */
    public static final String EXPORT = "writes plays (or one user's data, audited) to a file, as CSV or JSON, showing progress";

    /** {@code analytics:forget-user} */
    public static final String FORGET_USER = "erases everything stored about a user (privacy request); asks for --force";

    /** {@code analytics:opt-out} */
    public static final String OPT_OUT = "stops recording a user (their stored plays stay until forget-user); with no USER-ID, lists who opted out";

    /** {@code analytics:opt-in} */
    public static final String OPT_IN = "records a user who had opted out again";

    /** {@code analytics:import} */
    public static final String IMPORT = "imports watch history from Tautulli, Jellystat, Playback Reporting or another Revenge Analytics (exactly once)";

    /** {@code analytics:quarantine} */
    public static final String QUARANTINE = "lists the records the writer could not store and set aside; re-drives or discards one (audited)";

    private CommandTexts() {
    }
}
