package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.NodeSettings;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.nodes.NodeChannel;
import org.revenge.analytics.internal.nodes.RecordingTarget;
import org.revenge.analytics.internal.service.LocalAnalyticsAdmin;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.internal.store.NodeMapper;
import org.revenge.analytics.spi.MediaType;

/**
 * Several nodes (each its own pipeline, store, journal and node id, as separate JVMs would have)
 * recording into one real PostgreSQL: who owns an open session, who adopts a dead node's, and how
 * fast the admin service of one node reaches the others (docs/NODES.md).
 */
class SeveralNodesTest {

    /** A short lease, so that a dead node is found dead within seconds. */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration SECONDS = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private final Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC")));
    private final List<Node> nodes = new ArrayList<>();
    private DataSource database;

    /** A clock that a test moves on, for idle timeouts. */
    static final class MovableClock extends Clock {
        volatile Duration ahead = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    }

    /** One node: what one JVM with the plugin holds. */
    final class Node {
        final String id;
        final MovableClock clock = new MovableClock();
        final AnalyticsStore store = AnalyticsStore.over(database);
        final IngestPipeline pipeline;
        NodeChannel channel;
        final List<Long> switchesApplied = new ArrayList<>();
        volatile Boolean recording;

        Node(String id) throws Exception {
            this.id = id;
            pipeline = new IngestPipeline(settings, new NodeSettings(id, LEASE, Duration.ofSeconds(1)), data.resolve(id), clock);
            pipeline.bindStore(store);
            nodes.add(this);
        }

        Node listening() {
            channel = new NodeChannel(store, database, pipeline, new RecordingTarget() {
                @Override
                public long appliedVersion() {
                    return switchesApplied.isEmpty() ? 0 : switchesApplied.get(switchesApplied.size() - 1);
                }

                @Override
                public void apply(boolean enabled, long version) {
                    recording = enabled;
                    switchesApplied.add(version);
                }
            });
            await().atMost(SECONDS).until(channel::listening);
            return this;
        }

        void record(Signal signal) {
            assertThat(pipeline.record(signal)).isTrue();
        }

        /** Stops the node as a killed JVM would look to the others: its lease is no longer renewed. */
        void die() throws Exception {
            if (channel != null) {
                channel.close();
            }
            pipeline.close();
            nodes.remove(this);
        }

        LocalAnalyticsAdmin admin() {
            return new LocalAnalyticsAdmin(store, pipeline, JobRunner.standalone(store, settings, clock, id), null, settings, clock);
        }
    }

    @BeforeEach
    void database() throws Exception {
        database = Databases.migrated("nodes");
    }

    @AfterEach
    void stop() throws Exception {
        for (Node node : List.copyOf(nodes)) {
            node.die();
        }
    }

    private long count(String sql) throws Exception {
        return Databases.count(database, sql);
    }

    private long owned(String node) throws Exception {
        return count("SELECT count(*) FROM playback_sessions WHERE closed_at IS NULL AND owner = '" + node + "'");
    }

    private static Signal.Started start(UUID session, UUID user, Instant at) {
        return new Signal.Started(session, user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, "web", 0, 6000, at);
    }

    /** Opens a session of the user on the node, started ten minutes ago, and waits until its row is stored. */
    private Instant openSession(Node node, UUID user, UUID session) throws Exception {
        Instant at = Instant.now().minusSeconds(600);
        long before = owned(node.id);
        node.record(start(session, user, at));
        await().atMost(SECONDS).until(() -> owned(node.id) == before + 1);
        return at;
    }

    @Test
    void aNodeThatStartsLeavesTheOpenSessionsOfALiveNodeAlone() throws Exception {
        Node a = new Node("a");
        UUID session = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(600);
        a.record(start(session, user, at));
        a.record(new Signal.Progress(session, 300, false, at.plusSeconds(300)));
        await().atMost(SECONDS).until(() -> owned("a") == 1);

        Node b = new Node("b");
        await().atMost(SECONDS).until(() -> count("SELECT count(*) FROM analytics_node WHERE node_id = 'b'") == 1);
        // b renews and looks for dead nodes every second; a's lease of 2 s is renewed meanwhile
        await().during(Duration.ofSeconds(3)).atMost(SECONDS).until(() -> owned("a") == 1 && owned("b") == 0);

        a.record(new Signal.Stopped(session, 400, at.plusSeconds(400)));
        await().atMost(SECONDS).until(() -> a.pipeline.idle() && owned("a") == 0);
        assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "' AND duration_sec = 400")).isOne();
    }

    @Test
    void onceANodesLeaseRunsOutEachOpenSessionIsAdoptedOnceAndBecomesOnePlay() throws Exception {
        Node a = new Node("a");
        Instant at = Instant.now().minusSeconds(900);
        List<UUID> sessions = new ArrayList<>();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID session = UUID.randomUUID();
            UUID user = UUID.randomUUID();
            a.record(start(session, user, at));
            a.record(new Signal.Progress(session, 300, false, at.plusSeconds(300)));
            sessions.add(session);
            users.add(user);
        }
        await().atMost(SECONDS).until(() -> a.pipeline.idle() && owned("a") == 6);
        Node b = new Node("b");
        Node c = new Node("c");
        a.die();

        await().atMost(SECONDS).until(() -> owned("b") + owned("c") == 6);
        assertThat(owned("a")).isZero();
        assertThat(count("SELECT count(*) FROM analytics_node WHERE node_id = 'a'")).isZero();

        // the host goes on with the first session at whichever node adopted it
        UUID continued = sessions.get(0);
        Node adopter = count("SELECT count(*) FROM playback_sessions WHERE owner = 'b' AND session_id = '" + continued + "'") == 1
                ? b : c;
        adopter.record(new Signal.Stopped(continued, 500, at.plusSeconds(500)));
        await().atMost(SECONDS).until(() -> count("SELECT count(*) FROM playback_events WHERE user_id = '" + users.get(0)
                + "'") == 1);
        // the others heard nothing since: once the idle timeout passed they close at their last known position
        b.clock.ahead = Duration.ofMinutes(31);
        c.clock.ahead = Duration.ofMinutes(31);
        await().atMost(SECONDS).until(() -> count("SELECT count(*) FROM playback_sessions") == 0
                && count("SELECT count(*) FROM playback_events") == 6);
        assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + users.get(0) + "' AND duration_sec = 500"))
                .isOne();
        assertThat(count("SELECT count(DISTINCT user_id) FROM playback_events WHERE duration_sec = 300")).isEqualTo(5);
    }

    @Test
    void aNodeWhoseLeaseWasTakenWritesNothingOfTheAdoptedSessions() throws Exception {
        Node a = new Node("a");
        UUID session = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(600);
        a.record(start(session, user, at));
        await().atMost(SECONDS).until(() -> owned("a") == 1);
        // as if another node found a's lease run out while a was paused
        Databases.execute(database, "UPDATE playback_sessions SET owner = 'x' WHERE owner = 'a'");
        Databases.execute(database, "DELETE FROM analytics_node WHERE node_id = 'a'");

        a.record(new Signal.Progress(session, 300, false, at.plusSeconds(300)));
        a.record(new Signal.Stopped(session, 400, at.plusSeconds(400)));
        // a takes a new lease and restores its own state: the adopted session is not its own any more
        await().atMost(SECONDS).until(() -> count("SELECT count(*) FROM analytics_node WHERE node_id = 'a'") == 1
                && a.pipeline.idle());
        assertThat(count("SELECT count(*) FROM playback_sessions WHERE owner = 'x' AND position_sec = 0")).isOne();
        assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isZero();
    }

    @Test
    void anOptOutAndAnOptInThroughOneNodeReachTheOtherNodesWithinSeconds() throws Exception {
        Node a = new Node("a").listening();
        Node b = new Node("b").listening();
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        Instant at = openSession(b, user, session);

        a.admin().setOptedOut(user, true);
        // a minute's refresh would be too late: the notification brings it
        await().atMost(Duration.ofSeconds(5)).until(() -> b.pipeline.optedOut(user));
        await().atMost(Duration.ofSeconds(5)).until(() -> owned("b") == 0);
        b.record(new Signal.Stopped(session, 400, at.plusSeconds(400)));
        b.record(start(UUID.randomUUID(), user, at.plusSeconds(500)));

        a.admin().setOptedOut(user, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.pipeline.optedOut(user));
        await().atMost(SECONDS).until(b.pipeline::idle);
        assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isZero();
        assertThat(owned("b")).isZero();
    }

    @Test
    void aChannelWhoseConnectionIsKilledListensAgainAndMissesNothing() throws Exception {
        Node a = new Node("a").listening();
        Node b = new Node("b").listening();
        UUID user = UUID.randomUUID();
        // as a restart of PostgreSQL would: every connection but this one ends
        Databases.execute(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.channel.listening());

        // said while b may not listen: it reads what it missed once it listens again, long before the minute's refresh
        a.admin().setOptedOut(user, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.channel.listening() && b.pipeline.optedOut(user));
    }

    @Test
    void anErasureThroughOneNodeDropsTheUserFromTheOtherNodesAndNothingOfThemComesBack() throws Exception {
        Node a = new Node("a").listening();
        Node b = new Node("b").listening();
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        Instant at = openSession(b, user, session);
        b.record(new Signal.Progress(session, 300, false, at.plusSeconds(300)));

        await().atMost(Duration.ofSeconds(3)).until(() -> b.pipeline.openSessions() == 1);
        a.admin().eraseUser(user);
        assertThat(owned("b")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.pipeline.openSessions() == 0);
        // b's session of the user is gone from its memory: its stop and an old direct play change nothing
        b.record(new Signal.Stopped(session, 400, at.plusSeconds(400)));
        b.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 700)));
        await().atMost(SECONDS).until(b.pipeline::idle);
        assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isZero();
        assertThat(count("SELECT count(*) FROM playback_sessions WHERE user_id = '" + user + "'")).isZero();

        // what the user plays after the erasure is recorded as ever
        UUID later = UUID.randomUUID();
        Instant after = Instant.now().plusSeconds(1);
        b.record(start(later, user, after));
        b.record(new Signal.Stopped(later, 200, after.plusSeconds(200)));
        b.clock.ahead = Duration.ofSeconds(300);
        await().atMost(SECONDS).until(() -> count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'") == 1);
    }

    @Test
    void anErasureHoldsOnANodeThatHeardNoNotification() throws Exception {
        Node a = new Node("a");
        Node b = new Node("b");
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        Instant at = openSession(b, user, session);

        await().atMost(Duration.ofSeconds(3)).until(() -> b.pipeline.openSessions() == 1);
        a.admin().eraseUser(user);
        // b reads the erasures every node.lease.renew.sec (here 1 s), and inside every write
        await().atMost(Duration.ofSeconds(5)).until(() -> b.pipeline.openSessions() == 0);
        b.record(new Signal.Progress(session, 300, false, at.plusSeconds(300)));
        b.record(new Signal.Stopped(session, 400, at.plusSeconds(400)));
        await().atMost(SECONDS).until(b.pipeline::idle);
        assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isZero();
        assertThat(count("SELECT count(*) FROM playback_sessions WHERE user_id = '" + user + "'")).isZero();
    }

    /** Another node's transaction in progress, holding the raw plays in a lock mode until it commits. */
    private Connection holdingThePlays(String mode) throws Exception {
        Connection other = database.getConnection();
        other.setAutoCommit(false);
        try (Statement lock = other.createStatement()) {
            lock.execute("LOCK TABLE playback_events IN " + mode + " MODE");
        }
        return other;
    }

    /** A day no partitions job created (a journal replayed after weeks away). */
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(20));

    @Test
    void aPlayOfADayWithoutAPartitionIsStoredWhileAnotherNodesWriteIsInProgress() throws Exception {
        Node a = new Node("a");
        UUID user = UUID.randomUUID();
        // another node's write in progress holds the raw plays in this mode
        try (StandardError log = StandardError.captured(); Connection b = holdingThePlays("ROW EXCLUSIVE")) {
            Sessions.of(user, LONG_AGO).forEach(a::record);

            await().atMost(SECONDS).until(a.pipeline::idle);
            assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isOne();
            b.commit();
            assertThat(log.lines("lock timeout")).as("nothing waited for the other write").isEmpty();
        }
    }

    @Test
    void aPlayOfADayWithoutAPartitionWaitsOutHeldPartitionChangesAsContentionNotAsALostDatabase() throws Exception {
        Node a = new Node("a");
        UUID user = UUID.randomUUID();
        // another node attaching a partition holds the raw plays in this mode; the jobs' drops, in a stronger one
        try (StandardError log = StandardError.captured(); Connection b = holdingThePlays("SHARE UPDATE EXCLUSIVE")) {
            Sessions.of(user, LONG_AGO).forEach(a::record);
            await().atMost(SECONDS).until(() -> !log.lines("lock timeout").isEmpty());
            b.commit();

            await().atMost(SECONDS).until(a.pipeline::idle);
            assertThat(count("SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'")).isOne();
            assertThat(log.lines("database is back")).as("the database never went away").isEmpty();
            assertThat(log.lines("could not write")).as("no write was undone").isEmpty();
            assertThat(log.lines("Analytics waits for other nodes")).as("said once").hasSize(1).first().asString()
                    .contains("the partition of " + LONG_AGO.atZone(ZoneOffset.UTC).toLocalDate(), "lock timeout");
        }
    }

    @Test
    void nodesWritingPlaysOfTheSameDaysWithoutPartitionsAtOnceStoreEachOnceAndLoseNoWrite() throws Exception {
        Node a = new Node("a");
        Node b = new Node("b");
        List<UUID> users = new ArrayList<>();
        try (StandardError log = StandardError.captured()) {
            for (int day = 30; day > 10; day--) {
                for (Node node : List.of(a, b)) {
                    UUID user = UUID.randomUUID();
                    users.add(user);
                    Sessions.of(user, Instant.now().minus(Duration.ofDays(day))).forEach(node::record);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> a.pipeline.idle() && b.pipeline.idle());
            assertThat(count("SELECT count(DISTINCT user_id) FROM playback_events")).isEqualTo(users.size());
            assertThat(count("SELECT count(*) FROM playback_events")).isEqualTo(users.size());
            assertThat(log.lines("database is back")).isEmpty();
            assertThat(log.lines("could not write")).isEmpty();
        }
    }

    @Test
    void aWriteOnOneNodeDropsTheKeptAnswersOfAnother() throws Exception {
        Node a = new Node("a").listening();
        Node b = new Node("b").listening();
        record Question(String what) {
        }
        Question question = new Question("plays");
        String sql = "SELECT count(*) FROM playback_events";
        assertThat(b.store.<Long>cached(question, () -> countQuietly(sql))).isZero();

        a.record(new Signal.DirectPlay(IngestPipelineTest.play(UUID.randomUUID(), 600)));
        await().atMost(SECONDS).until(a.pipeline::idle);
        // well within the 30 s a kept answer lives without notifications
        await().atMost(Duration.ofSeconds(3)).until(() -> b.store.<Long>cached(question, () -> countQuietly(sql)) == 1);
    }

    @Test
    void aRecordingSwitchReachesEveryNodeOnce() throws Exception {
        Node a = new Node("a").listening();
        Node b = new Node("b").listening();
        // what LocalAnalyticsAdmin.setEnabled stores and announces after changing its own configuration
        a.store.transaction("switch recording off", session -> {
            NodeMapper mapper = session.getMapper(NodeMapper.class);
            mapper.switchRecording(false);
            return mapper.notifyNodes(NodeChannel.RECORDING);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> Boolean.FALSE.equals(b.recording) && Boolean.FALSE.equals(a.recording));
        assertThat(b.switchesApplied).containsExactly(1L);

        Node late = new Node("late").listening();
        assertThat(late.recording).as("a node that starts later applies the last switch").isFalse();
    }

    private long countQuietly(String sql) {
        try {
            return count(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
