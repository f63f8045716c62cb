package org.revenge.analytics.internal.admin.audit;

import java.util.UUID;

import org.revenge.analytics.internal.admin.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line, on the logger {@value #LOGGER}, for every access of an admin to a named user's data
 * (read, export, opt-out change, erasure), for every export (a user's of their own data too) and
 * every listing of user ids, and for every erasure or opt-out change that failed: who did what to
 * whom. Route it to a file of its own with the host's logging configuration.
 */
public final class AuditLog {

    /** The logger every audit line goes to. */
    public static final String LOGGER = "org.revenge.analytics.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /**
     * @param caller  who
     * @param action  what, in a few words (for example {@code read user stats})
     * @param user    whose data, or {@code null} for data of all users (the playback export)
     * @param detail  the rest of the request worth keeping (a period, a date range), or empty
     * @param surface where it came from, for example {@code http}
     */
    public void record(Caller caller, String action, UUID user, String detail, String surface) {
        LOG.info("{} by '{}'{} user={} {} via {}", action, caller.login(), caller.admin() ? " (admin)" : "",
                user == null ? "all" : user, detail, surface);
    }

    /**
     * An audited action that failed (an erasure, an opt-out): who tried what, to whom, and why it failed.
     *
     * @param reason why it failed, in words
     */
    public void recordFailure(Caller caller, String action, UUID user, String reason, String surface) {
        LOG.warn("{} FAILED by '{}'{} user={} via {}: {}", action, caller.login(), caller.admin() ? " (admin)" : "",
                user == null ? "all" : user, surface, reason);
    }
}
