package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.inject.Inject;
import javax.management.DynamicMBean;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.options.SystemPropertyOption;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.testing.TestPostgres;

/**
 * The plugin's health checks in a headless Felix (the {@code revenge-analytics} feature's bundles,
 * no HTTP service), run by Felix Health Checks' own executor as the web console's tab, the health
 * servlet and the MBeans run them, and driven into each of their states: the plugin not started,
 * the database away (through a relay the test stops), ingest over its thresholds, a job that
 * failed, a record in the quarantine, recording switched off, the queries on a read replica and off
 * it when the replica cannot be reached.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthChecksIT {

    private static final Duration CHECKED = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    /** The system property with the test database's URL through a role that can only read: the read replica. */
    private static final String READ_URL = "revenge.test.read.url";
    /** A port nothing listens on: connecting to it is refused at once. */
    private static final int CLOSED_PORT = 1;

    @Configuration
    public Option[] config() throws Exception {
        Option[] options = FelixHost.withAnalyticsHeadless("health");
        for (Option option : options) {
            if (option instanceof SystemPropertyOption property && property.getKey().equals(FelixHost.JDBC_URL)) {
                // the role may read the tables the plugin creates later (default privileges)
                return OptionUtils.combine(options, CoreOptions.systemProperty(READ_URL).value(TestPostgres.readOnly(property.getValue())));
            }
        }
        throw new IllegalStateException("no " + FelixHost.JDBC_URL + " among the options");
    }

    @Test
    public void eachCheckReportsEachOfItsStates() throws Exception {
        Plugin plugin = new Plugin(context);
        HealthCheckExecutor executor = plugin.awaitService(HealthCheckExecutor.class);
        // a check waits up to jdbc.connect.timeout.sec for a connection while the database is away;
        // the executor's own time limit (2 s by default) must be above it, as docs/OPERATIONS.md says
        ConfigurationAdmin configAdmin = plugin.service(ConfigurationAdmin.class).orElseThrow();
        configAdmin.getConfiguration("org.apache.felix.hc.core.impl.executor.HealthCheckExecutorImpl", null)
                .update(new Hashtable<>(Map.of("timeoutInMs", 30_000L)));

        // not configured: only the database check is there, and it says the plugin is not running
        await().atMost(CHECKED).until(() -> status(executor, "database") == Result.Status.CRITICAL);
        assertThat(messages(executor, "database")).contains("Analytics is not running");

        URI server = URI.create(Plugin.jdbcUrl().substring("jdbc:".length()));
        try (TcpRelay relay = new TcpRelay(28341, server.getHost(), server.getPort())) {
            relay.start();
            Map<String, Object> settings = Map.of("jdbc.url", "jdbc:postgresql://127.0.0.1:" + relay.port() + server.getRawPath()
                    + "?" + server.getRawQuery() + "&connectTimeout=5", "jdbc.connect.timeout.sec", 5, "timezone", "UTC");
            plugin.configure(settings);
            // the first start migrates a fresh database, through the relay, on a busy machine
            await().atMost(Duration.ofMinutes(4)).until(() -> plugin.service(AnalyticsService.class).isPresent());
            AnalyticsService analytics = plugin.awaitService(AnalyticsService.class);
            AnalyticsAdmin admin = plugin.awaitService(AnalyticsAdmin.class);

            // all well
            await().atMost(CHECKED).until(() -> status(executor, "database") == Result.Status.OK);
            assertThat(messages(executor, "database")).contains("The schema is current", "The database answers");
            await().atMost(CHECKED).until(() -> status(executor, "ingest") == Result.Status.OK);
            await().atMost(CHECKED).until(() -> status(executor, "recording") == Result.Status.OK);
            await().atMost(CHECKED).until(() -> status(executor, "jobs") == Result.Status.OK);
            assertThat(messages(executor, "database")).contains("Queries read from the primary (no read replica configured)");

            // a read replica (the same database, through a role that can only read): the queries read it, recording
            // goes on, and the service stays registered through each change
            Object serviceId = context.getServiceReference(AnalyticsService.class).getProperty("service.id");
            plugin.configure(with(settings, "jdbc.read.url", System.getProperty(READ_URL)));
            await().atMost(CHECKED).until(() -> messages(executor, "database").contains("Queries read from the replica"));
            assertThat(status(executor, "database")).isEqualTo(Result.Status.OK);
            assertThat(Database.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'revenge-analytics-read' "
                    + "AND usename = '" + TestPostgres.READER + "'")).isPositive();
            long plays = Database.count("SELECT count(*) FROM playback_events");
            analytics.recordPlayback(play());
            await().atMost(CHECKED).until(() -> Database.count("SELECT count(*) FROM playback_events") == plays + 1);
            assertThat(analytics.getActiveUsers(Duration.ofHours(1))).isNotEmpty();
            // a replica that cannot be reached: the queries read the primary, and the check warns
            plugin.configure(with(settings, "jdbc.read.url", "jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/revenge"));
            // (not checked yet, then unreachable once the first connection attempt has given up)
            await().atMost(CHECKED).until(() -> messages(executor, "database").contains("Queries read from the primary, not the "
                    + "replica 127.0.0.1:" + CLOSED_PORT + "/revenge: it is unreachable"));
            assertThat(status(executor, "database")).isEqualTo(Result.Status.WARN);
            analytics.recordPlayback(play());
            await().atMost(CHECKED).until(() -> Database.count("SELECT count(*) FROM playback_events") == plays + 2);
            assertThat(analytics.getActiveUsers(Duration.ofHours(1))).hasSizeGreaterThanOrEqualTo(2);
            plugin.configure(settings);
            await().atMost(CHECKED).until(() -> status(executor, "database") == Result.Status.OK);
            assertThat(messages(executor, "database")).contains("no read replica configured");
            assertThat(context.getServiceReference(AnalyticsService.class).getProperty("service.id")).isEqualTo(serviceId);

            // a job run that failed for good, then one that will be retried
            Database.update("INSERT INTO analytics_job (kind, run_key, state, attempt, scheduled_at, started_at, finished_at, "
                    + "last_error) VALUES ('analytics.compact', 'health-check-test', 'failed', 5, now(), "
                    + "now() + interval '1 minute', now() + interval '1 minute', 'disk full')");
            await().atMost(CHECKED).until(() -> status(executor, "jobs") == Result.Status.CRITICAL);
            assertThat(messages(executor, "jobs")).contains("analytics.compact: the last run (health-check-test) failed after 5 "
                    + "attempts: disk full");
            Database.update("UPDATE analytics_job SET state = 'retryable', scheduled_at = now() + interval '1 day' "
                    + "WHERE run_key = 'health-check-test'");
            await().atMost(CHECKED).until(() -> status(executor, "jobs") == Result.Status.WARN);
            Database.update("UPDATE analytics_job SET state = 'completed' WHERE run_key = 'health-check-test'");
            await().atMost(CHECKED).until(() -> status(executor, "jobs") == Result.Status.OK);

            // the plugin's MBean, registered the OSGi way (a DynamicMBean service with jmx.objectname,
            // for a JMX whiteboard to put into an MBean server), answers with the plugin's figures
            DynamicMBean bean = context.getService(context.getServiceReferences(DynamicMBean.class,
                    "(jmx.objectname=org.revenge.analytics:type=Analytics)").iterator().next());
            assertThat(bean.getAttribute("Recording")).isEqualTo(true);
            assertThat(bean.getAttribute("QuarantineSize")).isEqualTo(0L);

            // a record in the quarantine is a warning, with the reason; an empty quarantine is well
            await().atMost(CHECKED).until(() -> status(executor, "quarantine") == Result.Status.OK);
            Database.update("INSERT INTO ingest_quarantine (kind, content, reason, quarantined_at) VALUES ('scan', "
                    + "'{\"libraryId\": \"" + UUID.randomUUID() + "\"}', 'scan: refused by the database (SQLState 22003): bigint "
                    + "out of range', now())");
            await().atMost(CHECKED).until(() -> status(executor, "quarantine") == Result.Status.WARN);
            assertThat(messages(executor, "quarantine")).contains("1 record is in quarantine", "bigint out of range");
            assertThat(bean.getAttribute("QuarantineSize")).isEqualTo(1L);
            long entry = Database.count("SELECT max(id) FROM ingest_quarantine");
            assertThat(admin.discardQuarantined(entry)).isTrue();
            await().atMost(CHECKED).until(() -> status(executor, "quarantine") == Result.Status.OK);

            // recording switched off is a warning, and on again is well
            admin.setEnabled(false);
            await().atMost(CHECKED).until(() -> status(executor, "recording") == Result.Status.WARN);
            assertThat(messages(executor, "recording")).contains("Recording is switched off");
            admin.setEnabled(true);
            await().atMost(CHECKED).until(() -> status(executor, "recording") == Result.Status.OK);

            // the writer held up (the test holds a lock its every batch needs, while reads go on):
            // plays wait, and the ingest check warns of the lag, then of the queue
            configureMonitor(Map.of("ingest.lag.max.sec", 1L, "ingest.queue.max", 10_000L));
            try (Connection blocker = Database.holdWriteLock("ingest_checkpoint")) {
                analytics.recordPlayback(play());
                await().atMost(CHECKED).until(() -> status(executor, "ingest") == Result.Status.WARN);
                assertThat(messages(executor, "ingest")).contains("over ingest.lag.max.sec = 1");
                configureMonitor(Map.of("ingest.lag.max.sec", 3600L, "ingest.queue.max", 1L));
                analytics.recordPlayback(play());
                analytics.recordPlayback(play());
                await().atMost(CHECKED).until(() -> messages(executor, "ingest").contains("over ingest.queue.max = 1"));
                assertThat(status(executor, "ingest")).isEqualTo(Result.Status.WARN);
            }
            await().atMost(CHECKED).until(() -> status(executor, "ingest") == Result.Status.OK);

            // the database goes away: the database check is critical, the others have no figures
            relay.stop();
            await().atMost(CHECKED).until(() -> status(executor, "database") == Result.Status.CRITICAL);
            assertThat(messages(executor, "database")).contains("The database does not answer");
            assertThat(status(executor, "ingest")).isEqualTo(Result.Status.WARN);
            assertThat(messages(executor, "ingest")).contains("No ingest figures");
            assertThat(status(executor, "quarantine")).isEqualTo(Result.Status.WARN);
            assertThat(messages(executor, "quarantine")).contains("No quarantine figures");

            // back: well again
            relay.start();
            await().atMost(CHECKED).until(() -> status(executor, "database") == Result.Status.OK);
            await().atMost(CHECKED).until(() -> status(executor, "ingest") == Result.Status.OK);
        }
    }

    private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> changed = new java.util.HashMap<>(settings);
        changed.put(key, value);
        return changed;
    }

    private void configureMonitor(Map<String, Object> values) throws IOException {
        ConfigurationAdmin configAdmin = new Plugin(context).service(ConfigurationAdmin.class).orElseThrow();
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configAdmin.getConfiguration("org.revenge.analytics.monitor", null).update(properties);
    }

    private static HealthCheckExecutionResult result(HealthCheckExecutor executor, String check) {
        HealthCheckExecutionOptions options = new HealthCheckExecutionOptions();
        options.setForceInstantExecution(true);
        List<HealthCheckExecutionResult> results = executor.execute(HealthCheckSelector.tags("analytics"), options);
        return results.stream().filter(r -> r.getHealthCheckMetadata().getName().equals("Revenge Analytics " + check))
                .findFirst().orElse(null);
    }

    private static Result.Status status(HealthCheckExecutor executor, String check) {
        HealthCheckExecutionResult result = result(executor, check);
        return result == null ? null : result.getHealthCheckResult().getStatus();
    }

    private static String messages(HealthCheckExecutor executor, String check) {
        HealthCheckExecutionResult result = result(executor, check);
        if (result == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (ResultLog.Entry entry : result.getHealthCheckResult()) {
            text.append(entry.getStatus()).append(' ').append(entry.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static PlaybackEvent play() {
        Instant start = Instant.now().minusSeconds(600);
        return new PlaybackEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE,
                start, start.plusSeconds(300), 290, false, "web");
    }
}
