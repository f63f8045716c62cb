package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.MetricHour;

/** Dashboard totals, the hourly system metrics and job states. SQL in {@code SystemMapper.xml}. */
public interface SystemMapper {

    /**
     * @param today        today in the configured zone
     * @param weekFirstDay the first of the 7 days ending today
     * @param openSince    plays without an end that started before this are no longer open
     */
    SystemTotals totals(@Param("today") LocalDate today, @Param("weekFirstDay") LocalDate weekFirstDay,
            @Param("openSince") Instant openSince);

    long databaseSize();

    /** Adds one sample of each metric to the hour's row. */
    void recordMetrics(@Param("hour") Instant hour, @Param("names") String[] names, @Param("values") Double[] values);

    /** The hourly metrics of the hours from {@code from} on, by metric and hour. */
    List<MetricHour> metricHours(@Param("from") Instant from);

    /** The latest run of each job kind. */
    List<JobRun> latestJobs();
}
