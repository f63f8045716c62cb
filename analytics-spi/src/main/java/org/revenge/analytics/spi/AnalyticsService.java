package org.revenge.analytics.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records plays and library scans, and answers questions about them. Registered as an OSGi
 * service by the analytics bundle once its schema is in place; safe to call from any thread.
 *
 * <p>Every method throws {@link InvalidInputException} for a bad argument (naming it), and
 * {@link StorageUnavailableException} when PostgreSQL cannot be reached. Results are computed over
 * the stored data, which the configured retention bounds.
 *
 * <p><b>Periods.</b> A query's {@code period} ends now. A period of one day or more counts whole
 * days in the configured time zone: today so far and the days before it, as many days in all as
 * the period has (a part of a day counts as one more day), so "7 days" on a Wednesday afternoon is
 * Thursday 0:00 to now. A period shorter than a day is the rolling window ending now. The returned
 * {@code from} says where the counted time starts. Figures are exact for that time: the current
 * day's plays are counted as they are recorded, and finished days come from rollups that the
 * plugin keeps equal to the plays themselves.
 */
@ProviderType
public interface AnalyticsService {

    /** The shortest period a query accepts. */
    Duration MIN_PERIOD = Duration.ofHours(1);

    /** The longest period a query accepts, meaning "all time": 100 years of 365.25 days. */
    Duration ALL_TIME = Duration.ofDays(36_525);

    /** The most items a list query returns; a larger limit is lowered to this. */
    int MAX_LIMIT = 1_000;

    /**
     * The earliest instant any recorded time (a play's start and end, a scan, a host event's
     * timestamp) may have: 2000-01-01T00:00:00Z. The latest is now plus the plugin's allowed clock
     * skew ({@code ingest.clock.skew.sec}, 300 s by default). Plays are also refused when older than
     * the raw-event retention.
     *
     * @since 1.4.0
     */
    Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * Records one play. A stored play is identified by its user and its start instant: recording
     * the same play again leaves one play, and a later report of it (a later end, more watch time,
     * completed) moves it forward, never back.
     *
     * @param event the play; every field is checked as its Javadoc says
     * @throws InvalidInputException       if a field is missing or out of range (nothing is stored)
     * @throws AnalyticsDisabledException  if the plugin is disabled
     * @throws StorageUnavailableException if the play could not be stored: the database is away,
     *                                     or the plugin is stopping (call again once the service is back)
     */
    void recordPlayback(PlaybackEvent event);

    /**
     * Stores a library's snapshot for the day of {@link ScanStats#scannedAt()}; a later scan of the
     * same day replaces it.
     *
     * @param libraryId the library that was scanned; required
     * @param stats     what the scan found; each count and size within the bounds {@link ScanStats}
     *                  documents, {@code scannedAt} between {@link #EARLIEST_TIME} and now plus the clock skew
     * @throws InvalidInputException       if an argument is missing or out of range
     * @throws AnalyticsDisabledException  if the plugin is disabled
     * @throws StorageUnavailableException if the snapshot could not be stored: the database is away,
     *                                     or the plugin is stopping (call again once the service is back)
     */
    void recordLibraryScan(UUID libraryId, ScanStats stats);

    /**
     * The items of a library with the most plays over the last {@code period} (see "Periods"
     * above), ranked by {@link Measure#PLAYS}; ties go to more watch time, then to the lower media
     * id. Each item also carries its completed plays, watch time, distinct users and latest play
     * in the period. With {@link #ALL_TIME} the ranking counts every play ever recorded, also
     * those whose daily rollups have passed their retention.
     *
     * @param libraryId the library; required
     * @param period    how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @param limit     how many items at most; 1 or more, and more than {@link #MAX_LIMIT} is lowered to it
     * @return the ranking, possibly with no items
     */
    MediaRanking getMostWatched(UUID libraryId, Duration period, int limit);

    /**
     * A user's latest distinct items, most recently started first. Each item appears once, with
     * the user's own plays and watch time of it within the stored data.
     *
     * @param userId the user; required
     * @param limit  how many items at most; 1 or more, and more than {@link #MAX_LIMIT} is lowered to it
     * @return the items, possibly none
     */
    List<MediaStats> getRecentlyWatched(UUID userId, int limit);

    /**
     * The latest snapshot of a library with its health figures and growth.
     *
     * @param libraryId the library; required
     * @return the statistics, or empty if the library was never scanned
     */
    Optional<LibraryStats> getLibraryStats(UUID libraryId);

    /**
     * The latest snapshot of every library that has one, with its health figures and growth,
     * ordered by library id. A read, so it is here (since 1.4) rather than only on
     * {@link AnalyticsAdmin#getLibraries()}.
     *
     * @return the libraries, possibly none
     * @since 1.4
     */
    List<LibraryStats> getLibraries();

    /**
     * A user's totals over the last {@code period}, with a by-day series. Unique items are the
     * distinct items over the whole period, counted from the user's plays, never summed from days
     * (an item played on three days is one unique item).
     *
     * @param userId the user; required
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the totals; all zero and an empty series if the user played nothing
     */
    UserStats getUserStats(UUID userId, Duration period);

    /**
     * Totals, counters and job states for the admin dashboard.
     *
     * @return the figures as of now
     */
    SystemStats getSystemStats();

    /**
     * The recording path's counters, answered from memory: unlike {@link #getSystemStats()} it
     * needs no database, so a host or a probe can watch how far events are journaled
     * ({@link IngestStats#appended()}) and how many wait ({@link IngestStats#queued()}) during an
     * outage.
     *
     * @return the counters as of now
     * @since 1.4
     */
    IngestStats getIngestStats();

    /**
     * A library's growth: its scanned days within the last {@code period} of whole days, oldest
     * first, after the last scanned day before the period (if there is one), so that a line drawn
     * through them starts where the library stood when the period began. Days without a scan are
     * not in it: draw them on a time axis.
     *
     * @param libraryId the library; required
     * @param period    how far back from now; 1 day to {@link #ALL_TIME}
     * @return the days, possibly none (a library never scanned)
     * @since 1.5
     */
    List<LibraryDay> getLibraryHistory(UUID libraryId, Duration period);

    /**
     * One item's figures over the last {@code period} of whole days (today and the days before it,
     * in the configured zone): plays, completed plays, watch time, distinct users and its plays day
     * by day. Answered from the rollups, so it costs the same on any size of history.
     *
     * @param libraryId the library that holds the item; required
     * @param mediaId   the item; required
     * @param period    how far back from now; 1 day to {@link #ALL_TIME}
     * @return the figures; all zero and no days if the item was not played in the period
     * @since 1.5
     */
    ItemActivity getItemActivity(UUID libraryId, UUID mediaId, Duration period);

    /**
     * The hourly system metrics of the last {@code period}, by metric name and then by hour: what
     * the admin dashboard draws as the server's load over time. Hours before the retention of
     * system metrics are gone, so a longer period answers what is kept.
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the hours, possibly none (sampling starts a minute after the plugin)
     * @since 1.5
     */
    List<MetricHour> getSystemMetrics(Duration period);

    /**
     * The users who started a play within the last {@code since}, or still have one open, most
     * recent first.
     *
     * <p>For the last hour and the last day the plays of the window's middle come from a count made
     * every few minutes, and its two ends from the plays at the call, so the window is the one asked:
     * what the count holds of the middle is as of its moment, at most 15 minutes ago (the watch time
     * of a play still going on then shows at the next count; a new play that started before the
     * count, such as a whole play recorded at its end, sets the count aside until the next one).
     * Whether a user is playing now is always read at the call.
     *
     * @param since how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the users, possibly none
     */
    List<UserActivity> getActiveUsers(Duration since);

    /**
     * Plays per day over the last {@code period}, across all libraries: one entry for every day
     * from the day the period starts to today, days without plays included as zeros. Days are
     * calendar days in the configured time zone, so a day with a daylight-saving change has 23 or
     * 25 hours.
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to 400 days
     * @return the days, oldest first
     * @since 1.1
     */
    List<DailyActivity> getPlaysByDay(Duration period);


    /**
     * Distinct users per day over the last {@code period}, the same days as
     * {@link #getPlaysByDay(Duration)} (zeros included, days of the configured zone, at most 400
     * days): how many different people played each day. A period under a day counts the users of
     * the plays within it. Users are counted, never named.
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to 400 days
     * @return one entry per day, oldest first
     * @since 1.5
     */
    List<DailyUsers> getDistinctUsersByDay(Duration period);

    /**
     * Plays by weekday and hour of day over the last {@code period}, in the configured time zone;
     * cells without plays are left out.
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the cells, Monday 0:00 first
     * @since 1.1
     */
    List<WeekdayHour> getPlaysByWeekdayAndHour(Duration period);

    /**
     * Plays by client type over the last {@code period}, most plays first (ties by name).
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the client types
     * @since 1.1
     */
    List<ClientTypeShare> getClientTypes(Duration period);

    /**
     * The completion rate over the last {@code period}: first over all plays (media type
     * {@code null}), then one entry per media type that had plays.
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the rates
     * @since 1.1
     */
    List<CompletionRate> getCompletionRates(Duration period);

    /**
     * Plays and watch time by how the host delivered them ({@link PlayMethod}) over the last
     * {@code period}, most plays first (ties by name); plays the host sent no method for are
     * {@value PlayMethod#UNKNOWN}. The shares are each entry's part of the sums of all entries.
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the play methods that had plays
     * @since 1.6
     */
    List<PlayMethodShare> getPlayMethods(Duration period);

    /**
     * The most plays going on at the same moment on each day of the last {@code period}, the same
     * days as {@link #getPlaysByDay(Duration)} (days of the configured zone, zeros included, at most
     * 400 days). A play goes on from its start to its end (a play still open: to now), so a play that
     * ends when another starts does not overlap it; a play that began the day before counts from the
     * day's first moment. Finished days are counted once by the daily check and kept as long as the
     * daily rollups; a finished day not checked yet is counted from the plays at the call; today is
     * counted from the plays every 5 minutes by a job, and answered as that count while it is at most
     * 15 minutes old (a peak reached since may show on the next count), or counted at the call when
     * there is none.
     *
     * @param period how far back from now; {@link #MIN_PERIOD} to 400 days
     * @return one entry per day, oldest first
     * @since 1.6
     */
    List<PeakStreams> getPeakStreamsByDay(Duration period);

    /**
     * The items of a library played by the most distinct users over the last {@code period}, ranked
     * by {@link Measure#DISTINCT_USERS}; ties go to more plays, then to the lower media id.
     *
     * @param libraryId the library; required
     * @param period    how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @param limit     how many items at most; 1 or more, and more than {@link #MAX_LIMIT} is lowered to it
     * @return the ranking, possibly with no items
     * @since 1.1
     */
    MediaRanking getMostPopular(UUID libraryId, Duration period, int limit);

    /**
     * The items of a library rising fastest, ranked by {@link Measure#TRENDING}. For each item
     * played in the last 24 hours, {@code recent} is its plays in those 24 hours and
     * {@code baseline} its average plays per day over the 7 days before them; the score is
     * {@code (recent - baseline) / sqrt(baseline + 1)}, so a jump from nothing counts, and a jump
     * on an already popular item counts in proportion to its usual noise. Items scoring 0 or less
     * are left out; ties go to more recent plays, then to the lower media id. The returned
     * {@link MediaStats} describe the last 24 hours.
     *
     * <p>The ranking is counted for every library every 5 minutes, and answered from the latest
     * count: exactly the ranking as of the moment counted, which is the returned ranking's
     * {@link MediaRanking#to()} ({@link MediaRanking#from()} is 24 hours before it), at most
     * 15 minutes before the call. When there is no such count (before the first one, while the
     * jobs are paused or behind, just after a user's erasure), the ranking is counted from the
     * plays at the call, and {@code to} is the moment of the call.
     *
     * @param libraryId the library; required
     * @param limit     how many items at most; 1 or more, and more than {@link #MAX_LIMIT} is lowered to it
     * @return the ranking, possibly with no items
     * @since 1.1
     */
    MediaRanking getTrending(UUID libraryId, int limit);

    /**
     * The scheduled jobs' runs, the most recently started first: what each was for, its state,
     * when it started and ended, the rows it wrote, changed or removed, what it did in words, and
     * its error if it failed.
     *
     * @param limit how many runs at most; 1 or more, and more than {@link #MAX_LIMIT} is lowered to it
     * @return the runs, possibly none
     * @since 1.2
     */
    List<JobRun> getJobHistory(int limit);

    /**
     * A user's own items with the most plays over the last {@code period} (see "Periods"), across
     * all libraries; ties go to more watch time, then to the lower media id. Each item carries the
     * user's own plays, completed plays and watch time of it; {@code distinctUsers} is 1.
     *
     * @param userId the user; required
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @param limit  how many items at most; 1 or more, and more than {@link #MAX_LIMIT} is lowered to it
     * @return the items, possibly none
     * @since 1.4
     */
    List<MediaStats> getUserMostWatched(UUID userId, Duration period, int limit);

    /**
     * A user's plays by weekday and hour of day over the last {@code period}, in the configured
     * time zone; cells without plays are left out.
     *
     * @param userId the user; required
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the cells, Monday 0:00 first
     * @since 1.4
     */
    List<WeekdayHour> getUserPlaysByWeekdayAndHour(UUID userId, Duration period);

    /**
     * A user's completion rate over the last {@code period}: first over all their plays (media type
     * {@code null}), then one entry per media type they played.
     *
     * @param userId the user; required
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the rates
     * @since 1.4
     */
    List<CompletionRate> getUserCompletionRates(UUID userId, Duration period);

    /**
     * A user's plays by client type over the last {@code period}, most plays first (ties by name);
     * {@code users} is 1 for each.
     *
     * @param userId the user; required
     * @param period how far back from now; {@link #MIN_PERIOD} to {@link #ALL_TIME}
     * @return the client types
     * @since 1.4
     */
    List<ClientTypeShare> getUserClientTypes(UUID userId, Duration period);

    /**
     * One page of a user's plays started in {@code [from, to)}, the latest first, optionally of one
     * library only. The next page is asked for with {@code before} set to the last play's start.
     *
     * @param userId    the user; required
     * @param from      the first instant, inclusive; required
     * @param to        the end, exclusive; required, after {@code from}
     * @param libraryId only this library's plays, or {@code null} for all
     * @param before    only plays started before this instant, or {@code null} for the first page
     * @param limit     how many at most; 1 or more, and more than {@link #MAX_LIMIT} is lowered to it
     * @return the plays, possibly none
     * @since 1.4
     */
    List<PlayRecord> getUserPlays(UUID userId, Instant from, Instant to, UUID libraryId,
            Instant before, int limit);

    /**
     * The whole server's year in review, from the daily rollups (which hold no user): the plays of
     * the year's local days that the rollups still keep ({@code retention.daily.aggregates.days}).
     *
     * @param year a year from 1970 to 9999
     * @return the review; all zero for a year without plays
     * @since 1.4
     */
    YearInReview getYearInReview(int year);

    /**
     * A user's year in review, only if the user keeps their year ({@link AnalyticsAdmin#setKeepingYear}):
     * from the compact summary kept for them and their plays not yet counted into it.
     *
     * @param userId the user; required
     * @param year   a year from 1970 to 9999
     * @return the review, or empty if the user does not keep their year
     * @since 1.4
     */
    Optional<YearInReview> getUserYearInReview(UUID userId, int year);
}
