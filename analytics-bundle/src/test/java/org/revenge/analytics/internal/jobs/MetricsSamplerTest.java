package org.revenge.analytics.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.service.LocalAnalyticsService;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.AnalyticsGauge;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MetricHour;

class MetricsSamplerTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:17:00Z");

    @TempDir
    Path journal;

    DataSource database;
    AnalyticsStore store;
    Settings settings;
    IngestPipeline pipeline;
    MetricsSampler sampler;

    @BeforeEach
    void start() throws Exception {
        database = Databases.migrated("metrics");
        settings = Settings.from(TestConfigs.analytics(Map.of()));
        store = AnalyticsStore.over(database);
        pipeline = new IngestPipeline(settings, journal, Clock.systemUTC());
        pipeline.bindStore(store);
        sampler = new MetricsSampler(store, pipeline, settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    long metric(String name, String column) throws Exception {
        return Databases.count(database, "SELECT " + column + "::bigint FROM system_metrics_hourly WHERE metric = '" + name
                + "' AND hour = '2026-11-24T10:00:00Z'");
    }

    @Test
    void samplesOfAnHourAreFoldedIntoMinAverageAndMax() throws Exception {
        AtomicInteger transcodes = new AtomicInteger(2);
        sampler.bindGauge(transcodes::get, Map.of(AnalyticsGauge.NAME, "host.transcodes.active"));

        Map<String, Double> first = sampler.sample();
        transcodes.set(6);
        sampler.sample();

        assertThat(first).containsKeys("jvm.heap.used.bytes", "ingest.queued", "ingest.write.lag.ms", "db.size.bytes",
                "gauge.host.transcodes.active");
        assertThat(metric("gauge.host.transcodes.active", "samples")).isEqualTo(2);
        assertThat(metric("gauge.host.transcodes.active", "min_value")).isEqualTo(2);
        assertThat(metric("gauge.host.transcodes.active", "max_value")).isEqualTo(6);
        assertThat(metric("gauge.host.transcodes.active", "avg_value")).isEqualTo(4);
        assertThat(metric("db.size.bytes", "min_value")).isPositive();
    }

    @Test
    void theServiceAnswersTheHoursOfAPeriodByMetricAndHour() {
        AtomicInteger transcodes = new AtomicInteger(2);
        sampler.bindGauge(transcodes::get, Map.of(AnalyticsGauge.NAME, "host.transcodes.active"));
        sampler.sample();
        transcodes.set(6);
        sampler.sample();
        LocalAnalyticsService atTheTime = new LocalAnalyticsService(store, pipeline, settings, Clock.fixed(NOW, ZoneOffset.UTC));

        List<MetricHour> hours = atTheTime.getSystemMetrics(Duration.ofHours(1));

        assertThat(hours).filteredOn(hour -> hour.metric().equals("gauge.host.transcodes.active"))
                .containsExactly(new MetricHour("gauge.host.transcodes.active", Instant.parse("2026-11-24T10:00:00Z"), 2, 2, 4, 6));
        assertThat(hours).extracting(MetricHour::metric).contains("jvm.heap.used.bytes", "db.size.bytes").isSorted();
        LocalAnalyticsService twoDaysLater = new LocalAnalyticsService(store, pipeline, settings,
                Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC));
        assertThat(twoDaysLater.getSystemMetrics(Duration.ofDays(1))).as("the hour is before the period").isEmpty();
        assertThat(twoDaysLater.getSystemMetrics(Duration.ofDays(3))).hasSameSizeAs(hours);
        assertThatThrownBy(() -> atTheTime.getSystemMetrics(Duration.ofMinutes(5))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("period");
    }

    @Test
    void aGaugeWithABadNameIsIgnoredAndAFailingOneSkipped() {
        sampler.bindGauge(() -> 1, Map.of(AnalyticsGauge.NAME, "Not A Name!"));
        sampler.bindGauge(() -> {
            throw new IllegalStateException("broken");
        }, Map.of(AnalyticsGauge.NAME, "host.broken"));
        sampler.bindGauge(() -> Double.NaN, Map.of(AnalyticsGauge.NAME, "host.nan"));

        assertThat(sampler.sample().keySet()).noneMatch(name -> name.startsWith("gauge."));
    }

    @Test
    void nothingIsSampledWhileDisabled() throws Exception {
        MetricsSampler disabled = new MetricsSampler(AnalyticsStore.over(database), pipeline,
                Settings.from(TestConfigs.analytics(Map.of("enabled", false))), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(disabled.sample()).isEmpty();
        assertThat(Databases.count(database, "SELECT count(*) FROM system_metrics_hourly")).isZero();
    }
}
