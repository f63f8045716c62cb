package org.revenge.analytics.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What administrators and privacy requests need beyond the questions of {@link AnalyticsService}:
 * switching recording on and off, running a job now, opting users out, exporting and erasing. It
 * is registered by the analytics bundle next to {@link AnalyticsService}; the plugin's HTTP API,
 * console page and shell commands are built on it and on nothing internal.
 *
 * <p>The caller is responsible for authorising the person it acts for; this service does not know
 * who that is. Every method throws {@link InvalidInputException} for a bad argument (naming it),
 * and {@link StorageUnavailableException} when PostgreSQL cannot be reached.
 *
 * @since 1.3
 */
@ProviderType
public interface AnalyticsAdmin {

    /**
     * Whether the plugin records. While disabled, host events are ignored, jobs pause,
     * {@link AnalyticsService#recordPlayback} throws {@link AnalyticsDisabledException}, and
     * queries still answer from stored data.
     *
     * @return the {@code enabled} attribute of the plugin's configuration
     */
    boolean isEnabled();

    /**
     * Switches recording on or off by writing the {@code enabled} attribute of the plugin's
     * configuration through ConfigAdmin, so it survives restarts (in Karaf, the {@code .cfg} file
     * is updated too). Takes effect within moments, with no restart.
     *
     * @param enabled the new state
     * @throws AnalyticsException if the configuration could not be written
     */
    void setEnabled(boolean enabled);

    /**
     * The latest snapshot of every library that has one, ordered by library id.
     *
     * @return the libraries, possibly none
     * @deprecated a read, which belongs with the other reads: use {@link AnalyticsService#getLibraries()};
     *             kept for the callers of 1.3
     */
    @Deprecated
    List<LibraryStats> getLibraries();

    /**
     * The job kinds {@link #runJobNow} accepts, for example {@code analytics.aggregate_daily}.
     *
     * @return the kinds, in a stable order
     */
    List<String> getJobKinds();

    /**
     * Queues a run of a job kind, due now, for what it would next do (the aggregation job checks
     * yesterday). Returns at once; {@link AnalyticsService#getJobHistory} shows the run.
     *
     * @param kind one of {@link #getJobKinds()}
     * @return the queued run
     * @throws InvalidInputException      if the kind is unknown
     * @throws AnalyticsDisabledException if the plugin is disabled (jobs are paused)
     */
    JobRun runJobNow(String kind);

    /**
     * Opts a user out of recording, or back in. Nothing more is stored for an opted-out user: their
     * events are dropped as they arrive (counted as ignored), and {@link AnalyticsService#recordPlayback}
     * accepts and drops their plays. What was stored before stays until {@link #eraseUser}.
     *
     * @param userId    the user; required
     * @param optedOut  {@code true} to stop recording the user, {@code false} to record them again
     */
    void setOptedOut(UUID userId, boolean optedOut);

    /**
     * @param userId the user; required
     * @return whether the user opted out
     */
    boolean isOptedOut(UUID userId);

    /**
     * @return the users who opted out, ordered by id
     */
    List<UUID> getOptedOutUsers();

    /**
     * A user's plays, the most recent first.
     *
     * @param userId the user; required
     * @param limit  how many at most; 1 or more, and more than {@link AnalyticsService#MAX_LIMIT} is lowered to it
     * @return the plays, possibly none
     */
    List<PlayRecord> getUserHistory(UUID userId, int limit);

    /**
     * One page of the plays that started on a day, a calendar day in the configured time zone
     * (23 or 25 hours on a daylight-saving change), in order of their start and then of their
     * user: what an admin sees on opening a day of the plays-per-day chart. It names users, so the
     * surfaces that show it audit it.
     *
     * @param day   the day; required
     * @param after the last play of the page before, or {@code null} for the first page
     * @param limit how many at most; 1 or more, and more than {@link AnalyticsService#MAX_LIMIT} is lowered to it
     * @return the plays, possibly none; fewer than {@code limit} means this is the last page
     * @since 1.5
     */
    List<PlayRecord> getPlaysOn(LocalDate day, PlayRecord after, int limit);

    /**
     * Writes everything stored about one user as one JSON document (UTF-8): their plays, daily
     * activity, totals and opt-out state. Streams; the stream is not closed.
     *
     * @param userId the user; required
     * @param out    where to write; required
     * @return the plays written
     * @throws IOException if writing to {@code out} failed
     */
    long exportUser(UUID userId, OutputStream out) throws IOException;

    /**
     * Erases a user: their raw plays, open sessions, daily activity and recency rows, and their
     * share of the rollups. One transaction: either all of it is gone or nothing is.
     *
     * @param userId the user; required
     * @return what was removed
     */
    UserErasure eraseUser(UUID userId);

    /**
     * Streams the plays started in {@code [from, to)}, oldest first, in the given format, without
     * holding them in memory. Logs progress for a long export. The stream is not closed.
     *
     * @param from   the first instant, inclusive; required
     * @param to     the end, exclusive; required, after {@code from}
     * @param format the format; required
     * @param out    where to write; required
     * @return the plays written
     * @throws IOException if writing to {@code out} failed
     */
    long exportPlays(Instant from, Instant to, ExportFormat format, OutputStream out) throws IOException;

    /**
     * Streams one user's plays, oldest first, in the given format (the columns of
     * {@link #exportPlays}): the plays part of {@link #exportUser}, as a spreadsheet takes it.
     * Streams; the stream is not closed.
     *
     * @param userId the user; required
     * @param format the format; required
     * @param out    where to write; required
     * @return the plays written
     * @throws IOException if writing to {@code out} failed
     * @since 1.4
     */
    long exportUserPlays(UUID userId, ExportFormat format, OutputStream out) throws IOException;

    /**
     * How many records the recording path set aside because they could not be stored (see
     * {@link QuarantinedRecord}).
     *
     * @return the entries in the quarantine
     * @since 1.4.0
     */
    long countQuarantined();

    /**
     * The quarantined records, the oldest first.
     *
     * @param limit how many at most; 1 or more, and more than {@link AnalyticsService#MAX_LIMIT} is lowered to it
     * @return the entries, possibly none
     * @since 1.4.0
     */
    List<QuarantinedRecord> getQuarantined(int limit);

    /**
     * Feeds a quarantined record back through the recording path's writer, for instance once the
     * cause is fixed. The entry leaves the quarantine in the same transaction that stores the
     * record; if it fails for good again it comes back as a new entry with the new reason. Returns
     * at once; the writer gets to it within moments while the database is reachable.
     *
     * @param id the entry's id
     * @throws InvalidInputException if there is no such entry
     * @since 1.4.0
     */
    void redriveQuarantined(long id);

    /**
     * Deletes a quarantined record for good: what it held is never stored.
     *
     * @param id the entry's id
     * @return whether there was such an entry
     * @since 1.4.0
     */
    boolean discardQuarantined(long id);

    /**
     * Turns "keep my year" on or off for a user. On, a compact summary of each year of theirs is kept
     * beyond the raw plays' retention (counted at once from the stored plays, then each day); off,
     * the summaries are deleted at once. Erasing the user deletes both.
     *
     * @param userId the user; required
     * @param keep   whether to keep the user's years
     * @since 1.4
     */
    void setKeepingYear(UUID userId, boolean keep);

    /**
     * @param userId the user; required
     * @return whether the user keeps their year
     * @since 1.4
     */
    boolean isKeepingYear(UUID userId);
}
