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
}
