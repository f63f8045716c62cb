package org.revenge.analytics.internal.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.JobRun;

/**
 * The last finished run of each job kind succeeded. A run that failed for good is CRITICAL (its
 * work, a day's rollup or the retention, is not done); one that failed and will be tried again
 * is a WARN. Runs still waiting or running say nothing about success, so each kind is judged by
 * its latest run that ended.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=Revenge Analytics jobs",
        HealthCheck.TAGS + "=" + Checks.TAG,
        HealthCheck.MBEAN_NAME + "=analytics-jobs"})
public final class JobsCheck implements HealthCheck {

    private static final Set<String> ENDED = Set.of("completed", "failed", "retryable");

    private final AnalyticsService analytics;

    @Activate
    public JobsCheck(@Reference AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        List<JobRun> history;
        try {
            history = analytics.getJobHistory(AnalyticsService.MAX_LIMIT);
        } catch (AnalyticsException e) {
            log.warn("No job history: {} (see the database check)", e.getMessage());
            return new Result(log);
        }
        Map<String, JobRun> lastEnded = new LinkedHashMap<>();
        for (JobRun run : history) { // most recently started first
            if (ENDED.contains(run.state())) {
                lastEnded.putIfAbsent(run.kind(), run);
            }
        }
        if (lastEnded.isEmpty()) {
            log.info("No job run has ended yet");
        }
        for (JobRun run : lastEnded.values()) {
            switch (run.state()) {
                case "completed" -> log.info("{}: the last run ({}) completed at {}", run.kind(), run.runKey(), run.finishedAt());
                case "retryable" -> log.warn("{}: the last run ({}) failed on attempt {} and will be tried again: {}",
                        run.kind(), run.runKey(), run.attempt(), run.lastError());
                default -> log.critical("{}: the last run ({}) failed after {} attempts: {}",
                        run.kind(), run.runKey(), run.attempt(), run.lastError());
            }
        }
        return new Result(log);
    }
}
