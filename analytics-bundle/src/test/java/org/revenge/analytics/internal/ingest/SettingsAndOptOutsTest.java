package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.service.LocalAnalyticsAdmin;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.testing.MovingClock;

/**
 * Opt-outs racing open sessions, and settings saved while sessions are open, against a real
 * PostgreSQL through the pipeline and the admin service.
 */
class SettingsAndOptOutsTest {

    @TempDir
    Path journal;

    private static Event started(UUID session, UUID user, Instant at) {
        return new Event(PLAYBACK_STARTED, Map.of(SESSION_ID, session.toString(), USER_ID, user.toString(),
                MEDIA_ID, UUID.randomUUID().toString(), LIBRARY_ID, UUID.randomUUID().toString(), MEDIA_TYPE, "movie",
                POSITION_SEC, "0", RUNTIME_SEC, "6000", TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    private static Event stopped(UUID session, int position, Instant at) {
        return new Event(PLAYBACK_STOPPED, Map.of(SESSION_ID, session.toString(), POSITION_SEC, String.valueOf(position),
                TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    @Test
    void concurrentOptOutsWhileTheUsersSessionsAreOpenRecordNothingMoreOfThem() throws Exception {
        DataSource database = Databases.migrated("optouts");
        AnalyticsStore store = AnalyticsStore.over(database);
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC")));
        IngestPipeline pipeline = new IngestPipeline(settings, journal, java.time.Clock.systemUTC());
        ExecutorService admins = Executors.newFixedThreadPool(8);
        try {
            pipeline.bindStore(store);
            LocalAnalyticsAdmin admin = new LocalAnalyticsAdmin(store, pipeline,
                    JobRunner.standalone(store, settings, java.time.Clock.systemUTC(), "optouts"), null, settings,
                    java.time.Clock.systemUTC());
            int users = 200;
            Instant start = Instant.now().minus(Duration.ofMinutes(30));
            List<UUID> ids = new ArrayList<>();
            List<UUID> sessions = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                ids.add(UUID.randomUUID());
                sessions.add(UUID.randomUUID());
                pipeline.offer(started(sessions.get(i), ids.get(i), start));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.idle()
                    && Databases.count(database, "SELECT count(*) FROM playback_sessions") == users);

            // opt-outs from eight threads, while the users' stops keep arriving
            List<Future<?>> calls = new ArrayList<>();
            for (UUID user : ids) {
                calls.add(admins.submit(() -> admin.setOptedOut(user, true)));
            }
            for (int i = 0; i < users; i++) {
                calls.get(i).get();
                pipeline.offer(stopped(sessions.get(i), 900, start.plusSeconds(900)));
            }
            // and new sessions of theirs after the opt-out
            for (UUID user : ids) {
                pipeline.offer(started(UUID.randomUUID(), user, start.plusSeconds(1000)));
            }
            await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

            assertThat(Databases.count(database, "SELECT count(*) FROM playback_events")).isZero();
            assertThat(Databases.count(database, "SELECT count(*) FROM playback_sessions")).isZero();
            assertThat(admin.getOptedOutUsers()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(ids).allSatisfy(user -> assertThat(pipeline.optedOut(user)).isTrue());
            assertThat(pipeline.stats().rejectedByReason()).containsEntry("ignored: " + UserHolds.OPTED_OUT, (long) users);
        } finally {
            admins.shutdownNow();
            pipeline.close();
        }
    }

    @Test
    void aLoweredIdleTimeoutSavedWhileASessionIsOpenClosesItWithoutARestart() throws Exception {
        DataSource database = Databases.migrated("rules");
        MovingClock clock = new MovingClock(Instant.now().minus(Duration.ofDays(1)));
        IngestPipeline pipeline = new IngestPipeline(Settings.from(TestConfigs.analytics(Map.of())), journal, clock);
        try {
            pipeline.bindStore(AnalyticsStore.over(database));
            UUID session = UUID.randomUUID();
            pipeline.offer(started(session, UUID.randomUUID(), clock.instant().minusSeconds(60)));
            String open = "SELECT count(*) FROM playback_sessions WHERE session_id = '" + session + "'";
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.idle() && Databases.count(database, open) == 1);

            clock.advance(Duration.ofMinutes(5));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> Databases.count(database, open) == 1);

            pipeline.modified(TestConfigs.analytics(Map.of("rules.idle.timeout.min", 1)));
            clock.advance(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> Databases.count(database, open) == 0);
        } finally {
            pipeline.close();
        }
    }
}
