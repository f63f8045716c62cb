package org.revenge.analytics.internal.jobs;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.SystemMapper;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.AnalyticsGauge;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the system metrics (JVM, ingest, database, and the {@link AnalyticsGauge}s host bundles
 * register) at the configured interval, and folds each sample into its hour's row of
 * {@code system_metrics_hourly} (samples, min, average, max). Host gauges are kept as
 * {@code gauge.<name>}. Sampling pauses while analytics is disabled.
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class MetricsSampler {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);
    private static final Pattern GAUGE_NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final int MAX_NAME = 100 - "gauge.".length();

    private final AnalyticsStore store;
    private final IngestPipeline pipeline;
    private final Clock clock;
    private final Map<AnalyticsGauge, String> gauges = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;
    /** Fixed for the component's life: a configuration change starts a new sampler on the new interval. */
    private final Settings settings;

    @Activate
    public MetricsSampler(@Reference AnalyticsStore store, @Reference IngestPipeline pipeline, AnalyticsConfiguration config) {
        this(store, pipeline, Settings.from(config), Clock.systemUTC());
        long every = settings.metricsEvery().toSeconds();
        worker.scheduleAtFixedRate(this::sampleSafely, every, every, TimeUnit.SECONDS);
    }

    public MetricsSampler(AnalyticsStore store, IngestPipeline pipeline, Settings settings, Clock clock) {
        this.store = store;
        this.pipeline = pipeline;
        this.settings = settings;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "analytics-metrics"));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindGauge(AnalyticsGauge gauge, Map<String, Object> properties) {
        Object name = properties.get(AnalyticsGauge.NAME);
        if (!(name instanceof String text) || text.length() > MAX_NAME || !GAUGE_NAME.matcher(text).matches()) {
            LOG.warn("Analytics ignores a gauge of bundle {}: its {} property '{}' must be lower-case words separated by "
                    + "dots, at most {} characters", properties.get("service.bundleid"), AnalyticsGauge.NAME, name, MAX_NAME);
            return;
        }
        gauges.put(gauge, "gauge." + text);
    }

    public void unbindGauge(AnalyticsGauge gauge) {
        gauges.remove(gauge);
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (StorageUnavailableException e) {
            LOG.warn("Analytics could not store system metrics: {}", Failures.rootMessage(e));
        } catch (RuntimeException e) {
            LOG.error("Analytics could not sample system metrics", e);
        }
    }

    /**
     * Takes one sample of every metric and adds it to the current hour.
     *
     * @return the values sampled, by metric name; empty while analytics is disabled
     */
    public Map<String, Double> sample() {
        if (!settings.enabled()) {
            return Map.of();
        }
        Map<String, Double> values = new TreeMap<>();
        var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        values.put("jvm.heap.used.bytes", (double) memory.getUsed());
        values.put("jvm.threads", (double) ManagementFactory.getThreadMXBean().getThreadCount());
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load >= 0) {
            values.put("jvm.load.average", load);
        }
        IngestStats ingest = pipeline.stats();
        values.put("ingest.accepted.total", (double) ingest.accepted());
        values.put("ingest.rejected.total", (double) ingest.rejected());
        values.put("ingest.written.total", (double) ingest.written());
        values.put("ingest.queued", (double) ingest.queued());
        values.put("ingest.journaled", (double) ingest.journaled());
        values.put("ingest.write.lag.ms", (double) ingest.writeLag().toMillis());
        values.put("db.size.bytes", (double) store.measureDatabaseSize());
        gauges.forEach((gauge, name) -> {
            try {
                double value = gauge.sample();
                if (Double.isFinite(value)) {
                    values.put(name, value);
                }
            } catch (RuntimeException e) {
                LOG.warn("Analytics skipped gauge {} this time: {}", name, e.toString());
            }
        });
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        store.write("store system metrics", SystemMapper.class, metrics -> {
            metrics.recordMetrics(hour, values.keySet().toArray(String[]::new), values.values().toArray(Double[]::new));
            return null;
        });
        return values;
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }
}
