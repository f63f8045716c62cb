package org.revenge.analytics.internal.admin.http;

import java.util.UUID;

/** The JSON documents of the API that are not SPI records. Public so that {@code JsonWriter} can read them. */
public final class Documents {

    private Documents() {
    }

    /**
     * Every error answer.
     *
     * @param status the HTTP status code
     * @param error  its reason phrase
     * @param field  the parameter at fault, or null
     * @param reason what went wrong, in words
     */
    public record Error(int status, String error, String field, String reason) {
    }

    /** @param enabled whether the plugin records plays */
    public record Enabled(boolean enabled) {
    }

    /**
     * @param userId   the user
     * @param optedOut whether the user is kept out of recording
     */
    public record OptOut(UUID userId, boolean optedOut) {
    }

    /** @param users the users who opted out, ordered by id */
    public record OptedOutUsers(java.util.List<UUID> users) {
    }

    /** @param kinds the job kinds that can be run now */
    public record JobKinds(java.util.List<String> kinds) {
    }

    /**
     * Who the caller is, as the API sees them.
     *
     * @param login  the login
     * @param userId the host user the login stands for, or null
     * @param admin  whether the caller has the admin role
     */
    public record Me(String login, UUID userId, boolean admin) {
    }

    /**
     * An import started through the API, while it runs and after.
     *
     * @param id     the run's number in this API (not kept across restarts; the import list is)
     * @param state  {@code running}, {@code completed}, {@code dry-run} or {@code failed}
     * @param phase  what it is doing, in words
     * @param rows   rows read so far
     * @param report the report once it is done, else null
     * @param error  why it failed, else null
     */
    public record ImportRun(long id, String state, String phase, long rows, org.revenge.analytics.spi.ImportReport report,
            String error) {
    }

    /**
     * Everything a user's own page shows for a period, in one answer.
     *
     * @param userId      the user
     * @param admin       whether the caller reads it as an admin (someone else's page, or their own)
     * @param totals      plays, completed plays, watch time, unique items and the by-day series
     * @param mostWatched the user's items with the most plays, at most 10
     * @param libraries   every library the user played in over the period, for the history's filter, each
     *                    with the name the host gives it
     * @param weekdayHours the user's plays by weekday and hour of day
     * @param completion  the user's completion rates, in all first
     * @param clients     the user's plays by client type
     * @param optedOut    whether the user is kept out of recording
     * @param keepYear    whether a summary of the user's years is kept ("keep my year")
     */
    public record UserPage(UUID userId, boolean admin, org.revenge.analytics.spi.UserStats totals,
                           java.util.List<org.revenge.analytics.spi.MediaStats> mostWatched, java.util.List<Library> libraries,
                           java.util.List<org.revenge.analytics.spi.WeekdayHour> weekdayHours,
                           java.util.List<org.revenge.analytics.spi.CompletionRate> completion,
                           java.util.List<org.revenge.analytics.spi.ClientTypeShare> clients, boolean optedOut, boolean keepYear) {
    }

    /** @param libraryId a library (written with its {@code libraryName}, as every library id of the API) */
    public record Library(UUID libraryId) {
    }

    /**
     * The quarantine, as the API lists it.
     *
     * @param count   entries in the quarantine
     * @param records the oldest of them, at most the limit asked for
     */
    public record Quarantine(long count, java.util.List<org.revenge.analytics.spi.QuarantinedRecord> records) {
    }

    /**
     * @param id     the quarantine entry
     * @param action what was done: {@code redriven} (handed back to the writer) or {@code discarded}
     */
    public record QuarantineAction(long id, String action) {
    }

    /**
     * @param userId the user
     * @param keep   whether a summary of the user's years is kept beyond the raw plays' retention
     */
    public record KeepYear(UUID userId, boolean keep) {
    }
}
