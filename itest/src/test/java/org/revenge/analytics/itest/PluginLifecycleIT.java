package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.revenge.analytics.spi.AnalyticsGauge;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;

/**
 * The plugin in a real Felix on a real PostgreSQL: it resolves, migrates before it serves,
 * records and reads back, and keeps its data across a bundle restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginLifecycleIT {

    /** Changesets in the 1.0.0 schema at least; the service may appear only after all there are. */
    private static final int MIN_SCHEMA_CHANGESETS = 11;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FelixHost.withAnalytics("lifecycle");
    }

    @Test
    public void aGaugeThatAHostBundleRegistersIsKeptWithTheSystemMetrics() throws Exception {
        Plugin plugin = new Plugin(context);
        plugin.configure(java.util.Map.of("jdbc.url", Plugin.jdbcUrl(), "timezone", "UTC", "metrics.sample.sec", 1));
        plugin.awaitService(AnalyticsService.class);
        java.util.Dictionary<String, Object> properties = new java.util.Hashtable<>();
        properties.put(AnalyticsGauge.NAME, "itest.answers");
        var registration = context.registerService(AnalyticsGauge.class, () -> 42.0, properties);
        try {
            await().atMost(Plugin.STARTUP).until(() -> Database.count(
                    "SELECT count(*) FROM system_metrics_hourly WHERE metric = 'gauge.itest.answers' AND max_value = 42") == 1);
        } finally {
            registration.unregister();
            plugin.configureTestDatabase();
        }
    }

    /** The job runner is also a service (the admin service wakes it), yet runs whether or not anything uses it. */
    @Test
    public void theScheduledJobsRunWithoutAnyoneAskingForTheAdminService() throws Exception {
        Plugin plugin = new Plugin(context);
        plugin.configureTestDatabase();
        plugin.awaitService(AnalyticsService.class);

        await().atMost(Plugin.STARTUP).until(() -> Database.count(
                "SELECT count(*) FROM analytics_job WHERE kind = 'analytics.partitions' AND state = 'completed'") > 0);
    }

    @Test
    public void onlyTheSpiPackageIsExported() {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("org.revenge.analytics")) {
                String exports = bundle.getHeaders().get(Constants.EXPORT_PACKAGE);
                if (bundle.getSymbolicName().equals("org.revenge.analytics.spi")) {
                    assertThat(exports).isEqualTo("org.revenge.analytics.spi;version=\"1.7.0\";uses:=\"org.osgi.service.event\"");
                } else {
                    assertThat(exports).as(bundle.getSymbolicName()).isNull();
                }
            }
        }
    }

    /** Runs on a database of its own, so it sees the schema created whichever test runs first. */
    @Test
    public void everyBundleResolvesAndTheServiceAppearsOnlyAfterTheSchemaIsMigrated() throws Exception {
        Plugin plugin = new Plugin(context);
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            assertThat(bundle.getState()).as(bundle.getSymbolicName())
                    .isEqualTo(fragment ? Bundle.RESOLVED : Bundle.ACTIVE);
        }
        String emptyDatabase = System.getProperty(FelixHost.SPARE_JDBC_URL);
        assertThat(Database.count(emptyDatabase, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();

        List<Long> changesetsSeenAtRegistration = new CopyOnWriteArrayList<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                changesetsSeenAtRegistration.add(Database.count(emptyDatabase, "SELECT count(*) FROM analytics_databasechangelog"));
            }
        };
        context.addServiceListener(listener, "(objectClass=" + AnalyticsService.class.getName() + ")");
        try {
            plugin.configure(java.util.Map.of("jdbc.url", emptyDatabase));
            await().atMost(Plugin.STARTUP).until(() -> !changesetsSeenAtRegistration.isEmpty());
        } finally {
            context.removeServiceListener(listener);
        }

        long applied = Database.count(emptyDatabase, "SELECT count(*) FROM analytics_databasechangelog");
        assertThat(applied).isGreaterThanOrEqualTo(MIN_SCHEMA_CHANGESETS);
        assertThat(changesetsSeenAtRegistration).as("changesets applied when the service appeared").containsExactly(applied);
    }

    @Test
    public void aRecordedPlayIsReadBackAndSurvivesABundleRestart() throws Exception {
        Plugin plugin = new Plugin(context);
        plugin.configureTestDatabase();
        AnalyticsService analytics = plugin.awaitService(AnalyticsService.class);
        UUID user = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        PlaybackEvent play = new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                MediaType.EPISODE, start, start.plusSeconds(1500), 1400, true, "web");

        analytics.recordPlayback(play);
        await().atMost(Plugin.STARTUP).untilAsserted(() -> assertThat(analytics.getRecentlyWatched(user, 10))
                .extracting(MediaStats::mediaId).containsExactly(play.mediaId()));

        plugin.bundle().stop();
        assertThat(plugin.service(AnalyticsService.class)).isEmpty();
        plugin.bundle().start();

        AnalyticsService restarted = plugin.awaitService(AnalyticsService.class);
        assertThat(restarted.getRecentlyWatched(user, 10)).singleElement().satisfies(item -> {
            assertThat(item.mediaId()).isEqualTo(play.mediaId());
            assertThat(item.watchTimeSec()).isEqualTo(1400);
            assertThat(item.lastPlayedAt()).isEqualTo(start);
        });
    }
}
