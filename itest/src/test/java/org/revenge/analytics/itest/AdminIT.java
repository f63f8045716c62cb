package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.HostEventSink;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaStats;

/**
 * Switching the plugin off and on through {@link AnalyticsAdmin} in a real Felix: the configuration
 * is written through ConfigAdmin, every effect of "disabled" shows, host events sent meanwhile are
 * dropped (not kept by the relay for later), and it records again with no restart, the services
 * staying registered throughout.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminIT {

    private static final Duration LANDING = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Inject
    private EventAdmin eventAdmin;

    @Configuration
    public Option[] config() {
        return FelixHost.withAnalytics("admin");
    }

    private static long plays(UUID user) {
        return Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
    }

    /** A whole host session of a user, started an hour ago. */
    private void playAsTheHost(UUID user) {
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        for (Event event : HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), start, 900)) {
            eventAdmin.sendEvent(event);
        }
    }

    /** The {@code enabled} property of the sink the relay hands host events to. */
    private Object handlerEnabled() throws Exception {
        ServiceReference<?>[] sinks = context.getServiceReferences(HostEventSink.class.getName(),
                "(" + HostEventSink.SINK_PROPERTY + "=true)");
        return sinks == null ? null : sinks[0].getProperty(HostEventSink.ENABLED_PROPERTY);
    }

    /** Whether recordPlayback refuses as disabled; a null play is refused as bad input when enabled, so nothing is recorded either way. */
    private static boolean refusesAsDisabled(AnalyticsService analytics) {
        try {
            analytics.recordPlayback(null);
            throw new AssertionError("a null play was accepted");
        } catch (AnalyticsDisabledException e) {
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    @Test
    public void enabledThenDisabledThenEnabledAgainWithEachEffectAndNoServiceGoingAway() throws Exception {
        Plugin plugin = new Plugin(context);
        plugin.configureTestDatabase();
        AnalyticsService analytics = plugin.awaitService(AnalyticsService.class);
        AnalyticsAdmin admin = plugin.awaitService(AnalyticsAdmin.class);
        long serviceId = serviceId(context.getServiceReference(AnalyticsService.class));
        long adminId = serviceId(context.getServiceReference(AnalyticsAdmin.class));
        List<String> unregistered = new CopyOnWriteArrayList<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.UNREGISTERING) {
                unregistered.add(String.join(",", (String[]) event.getServiceReference().getProperty(Constants.OBJECTCLASS)));
            }
        };
        context.addServiceListener(listener, "(|(objectClass=" + AnalyticsService.class.getName() + ")(objectClass="
                + AnalyticsAdmin.class.getName() + ")(" + HostEventSink.SINK_PROPERTY + "=true))");
        try {
            // enabled: host events are recorded
            UUID before = UUID.randomUUID();
            assertThat(admin.isEnabled()).isTrue();
            playAsTheHost(before);
            await().atMost(LANDING).until(() -> plays(before) == 1);

            // disabled
            admin.setEnabled(false);
            await().atMost(LANDING).until(() -> Boolean.FALSE.equals(handlerEnabled()) && refusesAsDisabled(analytics));
            assertThat(admin.isEnabled()).isFalse();
            var stored = plugin.service(ConfigurationAdmin.class).orElseThrow().getConfiguration(Plugin.PID, null).getProperties();
            assertThat(stored.get("enabled")).isEqualTo(false);
            assertThat(stored.get("jdbc.url")).as("the other attributes are kept").isEqualTo(Plugin.jdbcUrl());
            assertThatThrownBy(() -> admin.runJobNow("analytics.aggregate_daily")).isInstanceOf(AnalyticsDisabledException.class);
            UUID whileDisabled = UUID.randomUUID();
            playAsTheHost(whileDisabled);
            // queries still answer from what is stored
            assertThat(analytics.getRecentlyWatched(before, 10)).extracting(MediaStats::plays).containsExactly(1L);
            assertThat(analytics.getSystemStats().ingest().rejectedByReason().get("ignored: analytics is disabled"))
                    .as("host events ignored while disabled").isEqualTo(3L);

            // enabled again, with no restart
            admin.setEnabled(true);
            await().atMost(LANDING).until(() -> Boolean.TRUE.equals(handlerEnabled()) && !refusesAsDisabled(analytics));
            assertThat(admin.isEnabled()).isTrue();
            UUID after = UUID.randomUUID();
            playAsTheHost(after);
            await().atMost(LANDING).until(() -> plays(after) == 1);
            // the relay hands events over in order: had it kept those sent while disabled, they would be in by now
            assertThat(plays(whileDisabled)).as("plays sent while disabled").isZero();
            var run = admin.runJobNow("analytics.aggregate_daily");
            await().atMost(LANDING).until(() -> analytics.getJobHistory(50).stream().anyMatch(job -> job.kind().equals(run.kind())
                    && job.runKey().equals(run.runKey()) && job.state().equals("completed")));

            assertThat(serviceId(context.getServiceReference(AnalyticsService.class))).isEqualTo(serviceId);
            assertThat(serviceId(context.getServiceReference(AnalyticsAdmin.class))).isEqualTo(adminId);
            assertThat(unregistered).as("services unregistered on the way").isEmpty();
        } finally {
            context.removeServiceListener(listener);
        }
    }
}
