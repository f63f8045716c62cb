package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.ScanStats;

/**
 * Host events through the real EventAdmin into PostgreSQL: the counting rules, exactly-once
 * delivery, a database outage and a bundle restart under a stream, and a flood of bad input.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IngestIT {

    private static final Duration LANDING = Duration.ofSeconds(120);

    @Inject
    private BundleContext context;

    @Inject
    private EventAdmin eventAdmin;

    private Plugin plugin;
    private AnalyticsService analytics;

    @Configuration
    public Option[] config() {
        return FelixHost.withAnalytics("ingest");
    }

    @Before
    public void configure() throws Exception {
        plugin = new Plugin(context);
        if (plugin.service(AnalyticsService.class).isEmpty()) {
            plugin.configureTestDatabase();
        }
        analytics = plugin.awaitService(AnalyticsService.class);
    }

    private void send(List<Event> events) {
        events.forEach(eventAdmin::sendEvent);
    }

    private static long plays(UUID user) {
        return Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
    }

    private static long playRows(UUID user, String where) {
        return Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "' AND " + where);
    }

    /**
     * Felix EventAdmin logs "Invalid EVENT_TOPICS : Missing - Ignoring ServiceReference" for every
     * EventHandler without topics; the plugin hands events over through its own HostEventSink, so a
     * healthy start has none, and the relay is the one subscriber to the host's topics.
     */
    @Test
    public void everyEventHandlerHasTopicsAndThePluginIsReachedThroughItsSink() throws Exception {
        var handlers = context.getServiceReferences(org.osgi.service.event.EventHandler.class, null);
        assertThat(handlers).isNotEmpty().allSatisfy(handler -> assertThat(
                handler.getProperty(org.osgi.service.event.EventConstants.EVENT_TOPIC))
                .as("event.topics of the EventHandler of bundle %s", handler.getBundle().getSymbolicName()).isNotNull());
        assertThat(handlers()).hasSize(1).allSatisfy(sink -> assertThat(sink.getBundle().getSymbolicName())
                .isEqualTo("org.revenge.analytics.bundle"));
    }

    @Test
    public void theCountingRulesHoldForEventsFromTheHost() {
        UUID user = UUID.randomUUID();
        UUID library = UUID.randomUUID();
        Instant t = Instant.now().minus(Duration.ofHours(6));
        UUID shortPlay = UUID.randomUUID();
        UUID completed = UUID.randomUUID();
        UUID paused = UUID.randomUUID();
        UUID resumedFirst = UUID.randomUUID();
        UUID resumedSecond = UUID.randomUUID();
        UUID shortMedia = UUID.randomUUID();
        UUID completedMedia = UUID.randomUUID();
        UUID pausedMedia = UUID.randomUUID();
        UUID resumedMedia = UUID.randomUUID();
        // three of these start at the same instant, as on three devices of one account: three plays
        // too short: 45 s of a movie
        send(List.of(HostEvents.started(shortPlay, user, shortMedia, library, "movie", 6000, t),
                HostEvents.stopped(shortPlay, 45, t.plusSeconds(45))));
        // completed: 92 % of an episode
        send(List.of(HostEvents.started(completed, user, completedMedia, library, "episode", 1000, t),
                HostEvents.stopped(completed, 920, t.plusSeconds(920))));
        // paused for 10 minutes in the middle: 600 s watched
        send(List.of(HostEvents.started(paused, user, pausedMedia, library, "movie", 6000, t),
                HostEvents.progress(paused, 300, true, t.plusSeconds(300)),
                HostEvents.progress(paused, 300, false, t.plusSeconds(900)),
                HostEvents.stopped(paused, 600, t.plusSeconds(1200))));
        // stopped at 20 minutes, resumed 30 minutes later: one play of 40 minutes
        send(List.of(HostEvents.started(resumedFirst, user, resumedMedia, library, "movie", 6000, t),
                HostEvents.stopped(resumedFirst, 1200, t.plusSeconds(1200)),
                HostEvents.started(resumedSecond, user, resumedMedia, library, "movie", 6000, t.plusSeconds(3000)),
                HostEvents.stopped(resumedSecond, 2400, t.plusSeconds(4200))));

        await().atMost(LANDING).until(() -> plays(user) == 3);
        assertThat(playRows(user, "media_id = '" + shortMedia + "'")).isZero();
        assertThat(playRows(user, "media_id = '" + completedMedia + "' AND completed AND duration_sec = 920")).isEqualTo(1);
        assertThat(playRows(user, "media_id = '" + pausedMedia + "' AND NOT completed AND duration_sec = 600")).isEqualTo(1);
        assertThat(playRows(user, "media_id = '" + resumedMedia + "' AND duration_sec = 2400 AND ended_sec = 4200"))
                .isEqualTo(1);
    }

    @Test
    public void aSessionDeliveredTwiceIsOnePlay() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        List<Event> events = HostEvents.session(session, user, UUID.randomUUID(), UUID.randomUUID(),
                Instant.now().minus(Duration.ofHours(2)), 900);
        send(events);
        send(events);

        await().atMost(LANDING).until(() -> plays(user) == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> plays(user) == 1);
        assertThat(playRows(user, "duration_sec = 900")).isEqualTo(1);
    }

    @Test
    public void everyEventLandsOnceThroughADatabaseOutage() throws Exception {
        URI server = URI.create(Plugin.jdbcUrl().substring("jdbc:".length()));
        UUID user = UUID.randomUUID();
        int sessions = 34_000; // three events each: 102,000 events
        try (TcpRelay relay = new TcpRelay(28321, server.getHost(), server.getPort())) {
            relay.start();
            plugin.configure(Map.of("jdbc.url", "jdbc:postgresql://127.0.0.1:" + relay.port() + server.getRawPath() + "?"
                    + server.getRawQuery(), "jdbc.connect.timeout.sec", 2));
            await().atMost(Plugin.STARTUP).until(() -> Plugin.log().contains("127.0.0.1:" + relay.port()));
            plugin.awaitService(AnalyticsService.class);

            Instant start = Instant.now().minus(Duration.ofDays(2));
            for (int i = 0; i < sessions; i++) {
                if (i == sessions / 3) {
                    relay.stop();
                }
                if (i == 2 * sessions / 3) {
                    await().atMost(LANDING).until(() -> Plugin.log().contains("Analytics could not write"));
                    relay.start();
                }
                send(HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                        start.plusSeconds(i), 120));
            }
            await().atMost(LANDING).until(() -> plays(user) == sessions);
            assertThat(Database.count("SELECT count(DISTINCT started_at) FROM playback_events WHERE user_id = '" + user + "'"))
                    .isEqualTo(sessions);
            assertThat(Plugin.log()).contains("Analytics database is back");
        } finally {
            plugin.configureTestDatabase();
        }
    }

    @Test
    public void eventsInFlightWhenTheBundleStopsLandOnce() throws Exception {
        UUID user = UUID.randomUUID();
        int sessions = 20_000;
        Instant start = Instant.now().minus(Duration.ofDays(3));
        for (int i = 0; i < sessions; i++) {
            send(HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), start.plusSeconds(i), 90));
        }
        // stop at once, with a backlog in memory: it is written or journaled, never dropped
        plugin.bundle().stop();
        plugin.bundle().start();
        plugin.awaitService(AnalyticsService.class);
        for (int i = sessions; i < 2 * sessions; i++) {
            send(HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), start.plusSeconds(i), 90));
        }

        await().atMost(LANDING).until(() -> plays(user) == 2L * sessions);
        assertThat(Database.count("SELECT count(DISTINCT started_at) FROM playback_events WHERE user_id = '" + user + "'"))
                .isEqualTo(2L * sessions);
    }

    @Test
    public void disablingStopsRecordingButNotQueriesAndEnablingResumesWithoutARestart() throws Exception {
        UUID user = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofHours(3));
        try {
            plugin.configure(Map.of("jdbc.url", Plugin.jdbcUrl(), "timezone", "UTC", "enabled", false));
            await().atMost(Plugin.STARTUP).until(() -> handlers().isEmpty());
            // the sink is marked disabled before the line is logged: wait for the line, not just the mark
            await().atMost(Plugin.STARTUP).until(() -> Plugin.log().contains("Analytics is disabled"));

            send(HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), start, 600));
            assertThatThrownBy(() -> analytics.recordPlayback(new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(),
                    UUID.randomUUID(), MediaType.MOVIE, start, start.plusSeconds(700), 600, false, null)))
                    .isInstanceOf(AnalyticsDisabledException.class);
            assertThat(analytics.getUserStats(user, Duration.ofDays(1)).plays()).as("queries still answer").isZero();
        } finally {
            plugin.configureTestDatabase();
        }
        await().atMost(Plugin.STARTUP).until(() -> handlers().size() == 1);
        assertThat(plugin.service(AnalyticsService.class)).containsSame(analytics);
        send(HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), start.plusSeconds(1000), 600));

        await().atMost(LANDING).until(() -> plays(user) == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> plays(user) == 1);
    }

    /** The analytics sink while it records; disabled, it stays registered, marked so, for the relay's sake. */
    private java.util.Collection<org.osgi.framework.ServiceReference<org.revenge.analytics.spi.HostEventSink>> handlers()
            throws Exception {
        return context.getServiceReferences(org.revenge.analytics.spi.HostEventSink.class,
                "(&(" + org.revenge.analytics.spi.HostEventSink.SINK_PROPERTY + "=true)("
                        + org.revenge.analytics.spi.HostEventSink.ENABLED_PROPERTY + "=true))");
    }

    @Test
    public void aFloodOfBadInputCrashesNothingStoresNothingAndIsCountedByReason() {
        UUID user = UUID.randomUUID();
        Random random = new Random(42);
        IngestStats before = analytics.getSystemStats().ingest();
        int badEvents = 3_000;
        for (int i = 0; i < badEvents; i++) {
            eventAdmin.sendEvent(spoiled(user, random));
        }
        int badCalls = 500;
        int refused = 0;
        for (int i = 0; i < badCalls; i++) {
            try {
                analytics.recordPlayback(new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                        MediaType.MOVIE, Instant.now().minusSeconds(100), Instant.now().minusSeconds(200), random.nextInt(50),
                        false, null));
            } catch (InvalidInputException e) {
                refused++;
            }
        }

        IngestStats after = analytics.getSystemStats().ingest();
        assertThat(refused).isEqualTo(badCalls);
        assertThat(after.rejected() - before.rejected()).isEqualTo(badEvents + badCalls);
        assertThat(after.rejectedByReason().keySet()).contains("user.id: is not a UUID", "media.type: must be one of "
                + "movie, episode, track, audiobook, other", "position.sec: must be between N and N seconds",
                "event.endedAt: is before startedAt");
        // the handler is still there (not deny-listed) and good events still land
        send(HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                Instant.now().minus(Duration.ofHours(1)), 300));
        await().atMost(LANDING).until(() -> plays(user) == 1);
        assertThat(Plugin.log()).contains("Analytics ignored a bad");
    }

    private static Event scanned(UUID library, long totalItems, long addedItems, Instant at) {
        return new Event(LIBRARY_SCANNED, Map.of(LIBRARY_ID, library.toString(), TOTAL_ITEMS, String.valueOf(totalItems),
                TOTAL_SIZE_BYTES, "1000", MISSING_METADATA, "0", ORPHANED_FILES, "0", ADDED_ITEMS, String.valueOf(addedItems),
                TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    private static long snapshots(UUID library) {
        return Database.count("SELECT count(*) FROM library_stats_daily WHERE library_id = '" + library + "'");
    }

    /** The two inputs issue 11 saw stop recording: now refused on arrival, naming the field, and nothing is set aside. */
    @Test
    public void theTwoBadScansOfTheIssueAreRefusedNamingTheFieldAndNothingIsQuarantined() throws Exception {
        AnalyticsAdmin admin = plugin.awaitService(AnalyticsAdmin.class);
        long quarantined = admin.countQuarantined();
        IngestStats before = analytics.getSystemStats().ingest();
        UUID library = UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(10));
        // as Karaf's event:send would post them: two same-day scans whose added items sum past a bigint
        eventAdmin.sendEvent(scanned(library, 5_000_000_000_000_000_000L, 5_000_000_000_000_000_000L, at));
        eventAdmin.sendEvent(scanned(library, 5_000_000_000_000_000_000L, 5_000_000_000_000_000_000L, at.plusSeconds(1)));
        assertThatThrownBy(() -> analytics.recordLibraryScan(library, new ScanStats(10, 10, 0, 0, 1, Instant.MIN)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("stats.scannedAt"));

        IngestStats after = analytics.getSystemStats().ingest();
        String overTheBound = TOTAL_ITEMS + ": must be at most N, was N";
        assertThat(after.rejectedByReason().getOrDefault(overTheBound, 0L) - before.rejectedByReason().getOrDefault(overTheBound, 0L))
                .isEqualTo(2);
        // recording goes on: a good scan of the same library lands, and nothing went to the quarantine
        eventAdmin.sendEvent(scanned(library, 100, 3, at.plusSeconds(2)));
        await().atMost(LANDING).until(() -> snapshots(library) == 1);
        assertThat(admin.countQuarantined()).isEqualTo(quarantined);
    }

    /**
     * A scan the database refuses (here a CHECK the test adds, as a schema of another version could
     * hold), posted through EventAdmin: it is quarantined and the rest goes on; the admin service
     * lists it, a re-drive that fails again leaves one entry, a re-drive once the database takes it
     * stores it once, and a discarded entry is gone.
     */
    @Test
    public void aScanTheDatabaseRefusesIsQuarantinedAndListedReDrivenAndDiscardedThroughTheAdmin() throws Exception {
        AnalyticsAdmin admin = plugin.awaitService(AnalyticsAdmin.class);
        String refuse = "ALTER TABLE library_stats_daily ADD CONSTRAINT itest_refuses_4242 CHECK (added_items <> 4242)";
        String accept = "ALTER TABLE library_stats_daily DROP CONSTRAINT IF EXISTS itest_refuses_4242";
        // the first library's 4,242 items are stored by then, so the second refusal needs another figure
        String refuseAgain = "ALTER TABLE library_stats_daily ADD CONSTRAINT itest_refuses_4243 CHECK (added_items <> 4243)";
        String acceptAgain = "ALTER TABLE library_stats_daily DROP CONSTRAINT IF EXISTS itest_refuses_4243";
        UUID library = UUID.randomUUID();
        UUID discarded = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(10));
        try {
            Database.update(refuse);
            eventAdmin.sendEvent(scanned(library, 5_000, 4_242, at));
            send(HostEvents.session(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
                    Instant.now().minus(Duration.ofHours(1)), 300));
            await().atMost(LANDING).until(() -> plays(user) == 1 && entry(admin, library) != null);
            QuarantinedRecord first = entry(admin, library);
            assertThat(first.kind()).isEqualTo(QuarantinedRecord.SCAN);
            assertThat(first.reason()).contains("SQLState 23514").contains("itest_refuses_4242");
            assertThat(analytics.getSystemStats().ingest().quarantinedByReason())
                    .containsKey("scan: refused by the database (SQLState 23514)");

            admin.redriveQuarantined(first.id());
            await().atMost(LANDING).until(() -> {
                QuarantinedRecord again = entry(admin, library);
                return again != null && again.id() != first.id();
            });
            assertThat(admin.getQuarantined(1_000).stream().filter(e -> e.content().contains(library.toString())))
                    .as("a re-drive that fails again leaves one entry").hasSize(1);
            assertThat(snapshots(library)).isZero();

            Database.update(accept);
            admin.redriveQuarantined(entry(admin, library).id());
            await().atMost(LANDING).until(() -> entry(admin, library) == null && snapshots(library) == 1);
            assertThat(Database.count("SELECT added_items FROM library_stats_daily WHERE library_id = '" + library + "'"))
                    .isEqualTo(4_242);

            Database.update(refuseAgain);
            eventAdmin.sendEvent(scanned(discarded, 5_000, 4_243, at));
            await().atMost(LANDING).until(() -> entry(admin, discarded) != null);
            long id = entry(admin, discarded).id();
            assertThat(admin.discardQuarantined(id)).isTrue();
            assertThat(admin.discardQuarantined(id)).isFalse();
            assertThat(entry(admin, discarded)).isNull();
            assertThatThrownBy(() -> admin.redriveQuarantined(id)).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("id"));
        } finally {
            Database.update(accept);
            Database.update(acceptAgain);
        }
        assertThat(snapshots(discarded)).as("a discarded scan is not stored").isZero();
    }

    /** @return the quarantine entry of a library's scan, or null */
    private static QuarantinedRecord entry(AnalyticsAdmin admin, UUID library) {
        return admin.getQuarantined(1_000).stream().filter(e -> e.content().contains(library.toString())).findFirst()
                .orElse(null);
    }

    /** A good STARTED event with one property broken in one of the ways a host gets them wrong. */
    private static Event spoiled(UUID user, Random random) {
        Event good = HostEvents.started(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), "movie", 6000,
                Instant.now().minusSeconds(60));
        Map<String, Object> p = new HashMap<>();
        for (String name : good.getPropertyNames()) {
            if (!name.equals("event.topics")) {
                p.put(name, good.getProperty(name));
            }
        }
        List<Runnable> spoilers = new ArrayList<>(List.of(
                () -> p.remove(SESSION_ID),
                () -> p.put(USER_ID, "not-a-uuid"),
                () -> p.put(MEDIA_ID, 12345),
                () -> p.put(MEDIA_TYPE, "hologram"),
                () -> p.put(POSITION_SEC, "-5"),
                () -> p.put(RUNTIME_SEC, "forever"),
                () -> p.put(CLIENT_TYPE, "x".repeat(300)),
                () -> p.put(TIMESTAMP, String.valueOf(Instant.now().plus(Duration.ofDays(3)).toEpochMilli())),
                () -> p.put(TIMESTAMP, "0"),
                () -> p.put(LIBRARY_ID, "00000000-0000-0000-0000-000000000000")));
        spoilers.get(random.nextInt(spoilers.size())).run();
        return new Event(PLAYBACK_STARTED, p);
    }
}
