package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.spi.AnalyticsService;

/**
 * The analytics bundle updated, restarted, uninstalled and installed again while the host keeps
 * posting (issue 6): the relay bundle keeps what EventAdmin would otherwise deliver to nobody, so
 * every session posted is one play, none lost, none doubled.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotUpdateIT {

    private static final Duration LANDING = Duration.ofSeconds(180);
    /** Sessions the host posts per pacing step; with the step below, about 1,000 sessions a second. */
    private static final int SESSIONS_PER_STEP = 10;
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @Inject
    private BundleContext context;

    @Inject
    private EventAdmin eventAdmin;

    private Plugin plugin;
    private Host host;

    @Configuration
    public Option[] config() {
        return FelixHost.withAnalytics("hot-update");
    }

    @Before
    public void configure() throws Exception {
        plugin = new Plugin(context);
        if (plugin.service(AnalyticsService.class).isEmpty()) {
            plugin.configureTestDatabase();
        }
        plugin.awaitService(AnalyticsService.class);
    }

    @After
    public void stopPosting() throws InterruptedException {
        if (host != null) {
            host.stop();
        }
    }

    @Test
    public void updatingTheBundleUnderTrafficLosesNoEventAndDoublesNone() throws Exception {
        host = new Host(eventAdmin, UUID.randomUUID());
        host.start();
        for (int update = 0; update < 3; update++) {
            host.awaitMore(2_000);
            // what Karaf's bundle:update does: a new revision from the bundle's location, then a refresh
            Bundle bundle = plugin.bundle();
            bundle.update();
            refresh(bundle);
            plugin.awaitService(AnalyticsService.class);
        }
        host.awaitMore(2_000);
        int posted = host.stop();

        assertLandedOnce(host.user, posted);
        assertThat(Plugin.log()).contains("Analytics is back: handing over").doesNotContain("DROPPED");
    }

    @Test
    public void stoppingAndStartingTheBundleUnderTrafficLosesNoEventAndDoublesNone() throws Exception {
        host = new Host(eventAdmin, UUID.randomUUID());
        host.start();
        for (int restart = 0; restart < 2; restart++) {
            host.awaitMore(2_000);
            plugin.bundle().stop();
            host.awaitMore(500);
            plugin.bundle().start();
            plugin.awaitService(AnalyticsService.class);
        }
        host.awaitMore(2_000);
        int posted = host.stop();

        assertLandedOnce(host.user, posted);
    }

    @Test
    public void uninstallingAndInstallingAgainKeepsTheDataAndRecordingContinues() throws Exception {
        host = new Host(eventAdmin, UUID.randomUUID());
        host.start();
        host.awaitMore(3_000);
        int before = host.stop();
        assertLandedOnce(host.user, before);

        Bundle old = plugin.bundle();
        String location = old.getLocation();
        old.uninstall();
        refresh(old);
        Bundle installed = context.installBundle(location);
        installed.start();
        plugin.awaitService(AnalyticsService.class);
        host = new Host(eventAdmin, host.user, before);
        host.start();
        host.awaitMore(3_000);
        int after = host.stop();

        assertLandedOnce(host.user, before + after);
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertThat(refreshed.await(60, TimeUnit.SECONDS)).as("refreshed").isTrue();
    }

    private static void assertLandedOnce(UUID user, int sessions) {
        await().atMost(LANDING).until(() -> plays(user) >= sessions);
        // anything more would be a double; give a late one time to show
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> plays(user) == sessions);
        assertThat(Database.count("SELECT count(DISTINCT started_at) FROM playback_events WHERE user_id = '" + user + "'"))
                .isEqualTo(sessions);
    }

    private static long plays(UUID user) {
        return Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
    }

    /** The media server: one thread posting whole sessions of one user through EventAdmin, paced. */
    private static final class Host {
        final UUID user;
        private final EventAdmin eventAdmin;
        private final Instant start = Instant.now().minus(Duration.ofDays(3));
        private final AtomicBoolean posting = new AtomicBoolean(true);
        private final AtomicInteger sessions = new AtomicInteger();
        private final int firstSession;
        private final Thread thread = new Thread(this::post, "host-poster");

        Host(EventAdmin eventAdmin, UUID user) {
            this(eventAdmin, user, 0);
        }

        /** @param firstSession the number of the first session, so a second host's sessions start later */
        Host(EventAdmin eventAdmin, UUID user, int firstSession) {
            this.eventAdmin = eventAdmin;
            this.user = user;
            this.firstSession = firstSession;
        }

        void start() {
            thread.start();
        }

        private void post() {
            long next = System.nanoTime();
            while (posting.get()) {
                for (int i = 0; i < SESSIONS_PER_STEP; i++) {
                    int n = firstSession + sessions.get();
                    for (Event event : HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                            start.plusSeconds(n), 90)) {
                        eventAdmin.postEvent(event);
                    }
                    sessions.incrementAndGet();
                }
                next += STEP_NANOS;
                // pacing, as a real host's traffic is: EventAdmin's asynchronous queue is unbounded
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }

        /** Waits until this many more sessions are posted. */
        void awaitMore(int more) {
            int target = sessions.get() + more;
            await().atMost(Duration.ofSeconds(60)).until(() -> sessions.get() >= target);
        }

        /** @return the sessions posted, all of them whole */
        int stop() throws InterruptedException {
            posting.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).isFalse();
            return sessions.get();
        }
    }
}
