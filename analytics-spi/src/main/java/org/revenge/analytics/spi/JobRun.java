package org.revenge.analytics.spi;

import java.time.Instant;

/**
 * One run of a scheduled job.
 *
 * @param kind        the job kind, for example {@code analytics.aggregate_daily}
 * @param runKey      what the run was for, for example the day it aggregated
 * @param state       {@code available}, {@code running}, {@code completed}, {@code retryable} or {@code failed}
 * @param attempt     attempts made so far, starting at 1 once the run started
 * @param scheduledAt when the run was due (UTC)
 * @param startedAt   when its latest attempt started (UTC), or {@code null} if it has not started
 * @param finishedAt  when it completed or failed for good (UTC), or {@code null}
 * @param rows        rows the run wrote, changed or removed, or {@code null} until it has completed
 * @param outcome     what the run did, in words, or {@code null} until it has completed
 * @param lastError   the error of the latest failed attempt, or {@code null}
 */
public record JobRun(
        String kind,
        String runKey,
        String state,
        int attempt,
        Instant scheduledAt,
        Instant startedAt,
        Instant finishedAt,
        Long rows,
        String outcome,
        String lastError) {
}
