package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.testing.TestPostgres;

/**
 * Three nodes, each a Felix framework with the plugin in a JVM of its own ({@link FelixNode}), on
 * one PostgreSQL (docs/NODES.md). A counting probe spreads numbered sessions of 120 s over them; an
 * erasure posted on one node must hold on all three; then one node is killed with SIGKILL while the
 * others go on, holding open sessions that the others must adopt after its lease: some are stopped
 * by the host at the adopting node, the rest closed by the idle timeout. Every session must be
 * stored exactly once, whole, and nothing of the erased user.
 */
public class SeveralNodesIT {

    /** The nodes' lease, short so that the test does not wait long for the adoption. */
    static final int LEASE_SEC = 4;
    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration LANDING = Duration.ofSeconds(60);

    private final List<NodeProcess> nodes = new ArrayList<>();

    /** A node's JVM, driven through its standard input and output. */
    private static final class NodeProcess implements AutoCloseable {
        final String id;
        final Process process;
        /** The framework's uuid, with which its job runner's name starts. */
        String framework;
        final BufferedWriter commands;
        final BufferedReader answers;

        NodeProcess(Path workDir, String jdbcUrl, String id) throws IOException {
            this.id = id;
            Files.createDirectories(workDir);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-cp", System.getProperty("java.class.path")));
            for (String property : List.of("analytics.itest.features", "analytics.itest.bundles", "maven.repo.local",
                    "org.ops4j.pax.url.mvn.localRepository")) {
                if (System.getProperty(property) != null) {
                    command.add("-D" + property + "=" + System.getProperty(property));
                }
            }
            command.addAll(List.of(FelixNode.class.getName(), workDir.toString(), jdbcUrl, id));
            process = new ProcessBuilder(command).redirectError(workDir.resolve("stderr.log").toFile()).start();
            commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /**
         * Waits for a line of the node's output that starts with {@code expected}, skipping others.
         *
         * @return the line
         */
        String expect(String expected, Duration within) throws Exception {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = answers.readLine()) != null;) {
                        if (line.startsWith(expected)) {
                            return line;
                        }
                    }
                    throw new IllegalStateException("node " + id + " ended before it said " + expected);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            return seen.get(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        void awaitReady() throws Exception {
            framework = expect("READY", BOOT).substring("READY ".length());
        }

        void send(String command) throws Exception {
            commands.write(command);
            commands.newLine();
            commands.flush();
            expect("OK " + command.split(" ")[0], LANDING);
        }

        /** SIGKILL: the JVM gets no chance to write, stop or release anything. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                try {
                    commands.write("quit");
                    commands.newLine();
                    commands.flush();
                } catch (IOException e) {
                    // gone already
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @After
    public void stopNodes() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
    }

    /** What the probe tells a node for one numbered session. */
    private record Session(UUID id, UUID user, UUID media, Instant startedAt) {
        String started() {
            return "start " + id + " " + user + " " + media + " " + startedAt.toEpochMilli();
        }

        String progress(int sec) {
            return "progress " + id + " " + sec + " " + startedAt.plusSeconds(sec).toEpochMilli();
        }

        String stopped() {
            return "stop " + id + " 120 " + startedAt.plusSeconds(120).toEpochMilli();
        }
    }

    /** A whole session of 120 s at one node: start, progress at 60 s, stop. */
    private static void whole(NodeProcess node, Session session) throws Exception {
        node.send(session.started());
        node.send(session.progress(60));
        node.send(session.stopped());
    }

    /** Starts three nodes on the database, in JVMs of their own, and waits until each records. */
    private void startNodes(String jdbcUrl, String name) throws Exception {
        Path workDir = Path.of(System.getProperty("analytics.itest.logdir", "target/felix-logs")).resolveSibling(name);
        for (String id : List.of("n0", "n1", "n2")) {
            nodes.add(new NodeProcess(workDir.resolve(id), jdbcUrl, id));
        }
        for (NodeProcess node : nodes) {
            node.awaitReady();
        }
    }

    @Test
    public void killedNodesSessionsAreAdoptedOnceAndAnErasureHoldsOnEveryNode() throws Exception {
        String jdbcUrl = TestPostgres.freshDatabase("nodes");
        startNodes(jdbcUrl, "nodes");
        UUID run = UUID.randomUUID();
        Instant base = Instant.now().minus(Duration.ofHours(1));
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            sessions.add(new Session(UUID.randomUUID(), new UUID(run.getMostSignificantBits(), i), run, base.plusSeconds(10L * i)));
        }
        String probe = "media_id = '" + run + "'";

        // whole sessions, spread over the three nodes
        for (int i = 0; i < 30; i++) {
            whole(nodes.get(i % 3), sessions.get(i));
        }

        // a user with a session open on each node is erased through the first
        UUID erased = UUID.randomUUID();
        List<Session> erasedSessions = new ArrayList<>();
        for (NodeProcess node : nodes) {
            Session session = new Session(UUID.randomUUID(), erased, run, base.plusSeconds(5));
            erasedSessions.add(session);
            node.send(session.started());
            node.send(session.progress(60));
        }
        await("the erased user's sessions open on all three nodes").atMost(LANDING).until(() -> Database.count(jdbcUrl,
                "SELECT count(DISTINCT owner) FROM playback_sessions WHERE user_id = '" + erased + "' AND position_sec = 60") == 3);
        nodes.get(0).send("erase " + erased);
        for (int n = 0; n < 3; n++) {
            nodes.get(n).send(erasedSessions.get(n).stopped());
        }

        // sessions open on n2 when it is killed: 30 to 34 stopped later by the host at the adopter, 35 to 39 never
        // heard of again; and 40 to 49 open on n0 and n1, stopped after the kill
        for (int i = 30; i < 50; i++) {
            Session session = sessions.get(i);
            NodeProcess node = i < 40 ? nodes.get(2) : nodes.get(i % 2);
            node.send(session.started());
            node.send(session.progress(i < 35 || i >= 40 ? 60 : 120));
        }
        await("what n2 took is written").atMost(LANDING).until(() -> Database.count(jdbcUrl,
                "SELECT count(*) FROM playback_events WHERE " + probe) == 30 && Database.count(jdbcUrl,
                "SELECT count(*) FROM playback_sessions WHERE " + probe + " AND position_sec > 0") == 20);
        nodes.get(2).kill();

        for (int i = 50; i < 80; i++) {
            whole(nodes.get(i % 2), sessions.get(i));
        }
        for (int i = 40; i < 50; i++) {
            nodes.get(i % 2).send(sessions.get(i).stopped());
        }
        await("n2's open sessions adopted after its lease").atMost(LANDING).until(() -> Database.count(jdbcUrl,
                "SELECT count(*) FROM playback_sessions WHERE " + probe + " AND owner IN ('n0', 'n1')") == 10);
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM analytics_node WHERE node_id = 'n2'")).isZero();
        long adoptedByN0 = Database.count(jdbcUrl, "SELECT count(*) FROM playback_sessions WHERE " + probe + " AND owner = 'n0'");
        for (int i = 30; i < 35; i++) {
            Session session = sessions.get(i);
            String owner = Database.text(jdbcUrl, "SELECT owner FROM playback_sessions WHERE session_id = '" + session.id() + "'");
            nodes.get(owner.equals("n0") ? 0 : 1).send(session.stopped());
        }

        // the idle timeout (1 min) runs from n2's last renewal
        await("every session stored").atMost(Duration.ofMinutes(3)).until(() -> Database.count(jdbcUrl,
                "SELECT count(*) FROM playback_events WHERE " + probe) >= 80
                && Database.count(jdbcUrl, "SELECT count(*) FROM playback_sessions WHERE " + probe) == 0);
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE " + probe)).as("plays").isEqualTo(80);
        assertThat(Database.count(jdbcUrl, "SELECT count(DISTINCT user_id) FROM playback_events WHERE " + probe))
                .as("sessions stored, each once").isEqualTo(80);
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE " + probe + " AND duration_sec <> 120"))
                .as("plays that are not whole").isZero();
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events WHERE user_id = '" + erased + "'"))
                .as("plays of the erased user").isZero();
        System.out.printf("SeveralNodesIT: 80 sessions over 3 nodes; n2 killed with 10 sessions open, adopted %d by n0 and "
                + "%d by n1; every session stored once, nothing of the erased user%n", adoptedByN0, 10 - adoptedByN0);
    }

    @Test
    public void aJobWhoseLockHolderIsKilledMidRunIsFinishedOnceByAnotherNode() throws Exception {
        String jdbcUrl = TestPostgres.freshDatabase("nodejobs");
        startNodes(jdbcUrl, "nodejobs");
        UUID run = UUID.randomUUID();
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Instant base = yesterday.atTime(12, 0).toInstant(ZoneOffset.UTC);
        for (int i = 0; i < 12; i++) {
            whole(nodes.get(i % 3), new Session(UUID.randomUUID(), new UUID(run.getMostSignificantBits(), i), run,
                    base.plusSeconds(300L * i)));
        }
        String probe = "media_id = '" + run + "'";
        await("the plays stored").atMost(LANDING).until(() -> Database.count(jdbcUrl,
                "SELECT count(*) FROM playback_events WHERE " + probe) == 12);
        String job = "kind = 'analytics.aggregate_daily' AND run_key = '" + yesterday + "'";

        NodeProcess holder;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection blocker = dataSource.getConnection()) {
            // the check of yesterday waits for the rollups it locks: it is mid-run while this lock is held
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE media_stats_daily IN EXCLUSIVE MODE");
            }
            nodes.get(2).send("job analytics.aggregate_daily");
            await("the check of yesterday running, waiting for the lock").atMost(LANDING).until(() -> Database.count(jdbcUrl,
                    "SELECT count(*) FROM analytics_job WHERE " + job + " AND state = 'running'") == 1
                    && Database.count(jdbcUrl, "SELECT count(*) FROM pg_locks WHERE NOT granted") > 0);
            String lockedBy = Database.text(jdbcUrl, "SELECT locked_by FROM analytics_job WHERE " + job);
            holder = nodes.stream().filter(node -> lockedBy.startsWith(node.framework)).findFirst().orElseThrow();
            holder.kill();
        }
        // as if the holder's lock of 30 minutes had run out
        Database.update(jdbcUrl, "UPDATE analytics_job SET locked_until = now() - interval '1 second' WHERE " + job);

        // another node's runner takes it at its next tick (every 30 s)
        await("the check of yesterday finished by another node").atMost(Duration.ofMinutes(2)).until(() -> Database.count(jdbcUrl,
                "SELECT count(*) FROM analytics_job WHERE " + job + " AND state = 'completed'") == 1);
        assertThat(Database.count(jdbcUrl, "SELECT attempt FROM analytics_job WHERE " + job)).as("attempts").isEqualTo(2);
        assertThat(Database.count(jdbcUrl, "SELECT coalesce(sum(play_count), 0) FROM media_stats_daily WHERE " + probe
                + " AND day = '" + yesterday + "'")).as("yesterday's plays in the daily rollup").isEqualTo(12);
        System.out.printf("SeveralNodesIT: the check of %s, its holder %s killed mid-run, finished once by another node%n",
                yesterday, holder.id);
    }
}
