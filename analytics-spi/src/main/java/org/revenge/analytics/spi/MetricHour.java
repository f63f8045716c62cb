package org.revenge.analytics.spi;

import java.time.Instant;

/**
 * One hour of one system metric. The plugin samples its metrics every {@code metrics.sample.sec}
 * (the heap, threads, load, the recording path's counters, the database's size, and the gauges
 * other bundles register as {@link AnalyticsGauge}) and keeps an hour's samples as their minimum,
 * average and maximum, for {@code retention.system.metrics.days}.
 *
 * @param metric  the metric's name, for example {@code jvm.heap.used.bytes}, or {@code gauge.} and
 *                the name a bundle gave its gauge
 * @param hour    the hour's start (UTC)
 * @param samples how many samples the hour holds
 * @param min     the smallest sample
 * @param average the samples' mean
 * @param max     the largest sample
 * @since 1.5
 */
public record MetricHour(String metric, Instant hour, long samples, double min, double average, double max) {
}
