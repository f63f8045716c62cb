package org.revenge.analytics.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.revenge.analytics.testing.TestPostgres;

/**
 * {@code bench/run nodes}: the same sessions recorded by one, two and three nodes on one database
 * (docs/NODES.md), each node a Felix framework with the real bundles in a JVM of its own
 * ({@link BenchNode}), with its own {@code node.id} and its own database role, and the production
 * lease ({@code node.lease.sec} 30, {@code node.lease.renew.sec} 5). Each node count gets a fresh
 * database and fresh nodes (Felix caches and journals); the sessions are spread over the nodes by
 * number, every event of a session to the same node.
 *
 * <p>Figures ({@code handleEvent} and the ceilings are {@code bench/run ingest}'s), for each node
 * count {@code N}:
 * <ul>
 * <li>{@code nodes.N.end_to_end}: the events of all nodes over the time from telling every node to
 *     start posting until the plugin's journal checkpoints in the database (one per node) add up to
 *     all of them, as {@code ingest.end_to_end}; each node paces its posting so that at most 20,000
 *     of its events wait in EventAdmin's queue and the plugin's, which {@code bench/run ingest} does
 *     not (its EventAdmin queue grows without bound). {@code ratio_to_one_node}: against one node's
 *     in the same run.</li>
 * <li>{@code nodes.N.plays_stored}, against {@code nodes.plays_expected} (what the default counting
 *     rules make of all the sessions on one node): a start resumes only an incomplete play its own
 *     node stored or holds, so several nodes may store other plays than one.</li>
 * <li>{@code nodes.N.window}: the same time by the database's clock, over which the following are
 *     counted and turned into rates per minute; then the same figures again as {@code
 *     nodes.N.after.*}, over the minute after every event is durable, with nothing posted (the
 *     scheduled jobs run in it as they fall due: the daily checks of the days just written).</li>
 * <li>{@code nodes.N.<node>.lease_renewals}: the updates of the node's {@code analytics_node} row
 *     (every {@code node.lease.renew.sec} in a transaction of its own, and first in every write
 *     transaction), logged by a trigger ({@link Ownership}); {@code lease_renewals_alone}: those in
 *     a transaction that saved no journal checkpoint, the periodic ones; {@code lease_renewal_p50}
 *     and {@code _max}: each one's execution in the database, from the receipt of its Execute
 *     message to the row's update, not its planning, round trip or commit.</li>
 * <li>{@code nodes.N.lease_round_trip_p50} and {@code _max}: the same renewal statement, run by the
 *     benchmark every 5 s on a row of its own in a transaction of its own, timed by the benchmark
 *     to the end of its commit: what a node's periodic renewal costs it and the database.</li>
 * <li>{@code nodes.N.<node>.notifications_sent}: the notifications the node's connections sent on
 *     the plugin's channel (with no admin action, the {@code written} a node sends at most every
 *     250 ms after its writes), as the benchmark's own listener heard them;
 *     {@code notifications_received}: those the other nodes sent, which PostgreSQL delivered to the
 *     node's listening connection (printed only if that connection listened throughout).</li>
 * </ul>
 */
final class NodesBenchmark {

    private static final int MAX_NODES = 3;
    private static final Duration BOOT = Duration.ofMinutes(3);
    /** How long the nodes' ownership is watched after the recording: twelve periodic renewals at the default. */
    private static final Duration AFTER = Duration.ofSeconds(60);

    private final int events;

    /** @param events how many events each node count records, all nodes together */
    NodesBenchmark(int events) {
        this.events = events;
    }

    /** @return the database role a node connects with, named after its id */
    static String role(String nodeId) {
        return "revenge_bench_" + nodeId.toLowerCase(Locale.ROOT);
    }

    void run() throws Exception {
        Path work = BenchServer.prepare();
        long sessions = events / 3;
        // as bench/run ingest: 27 days of sessions, the last ending at least two days ago
        Instant first = Instant.now().minus(Duration.ofDays(29));
        long between = Duration.ofDays(27).toMillis() / Math.max(1, sessions);
        SessionGenerator generator = new SessionGenerator();
        for (long session = 0; session < sessions; session++) {
            generator.draw(first.plusMillis(between * session));
        }
        // one node applies the counting rules to every session; several apply them each to its share
        Out.figure("nodes.plays_expected", generator.expectedPlays(), "plays (by the default counting rules, on one node)");
        double oneNode = 0;
        for (int count = 1; count <= MAX_NODES; count++) {
            double endToEnd = record(work.resolve("nodes-" + count), count, sessions, first, between);
            if (count == 1) {
                oneNode = endToEnd;
            } else {
                System.out.printf(Locale.ROOT, "nodes.%d.ratio_to_one_node: %.2f%n", count, endToEnd / oneNode);
            }
        }
    }

    /** @return the end-to-end rate of this node count, in events per second */
    private double record(Path work, int count, long sessions, Instant first, long between) throws Exception {
        long total = sessions * 3;
        String jdbcUrl = TestPostgres.freshDatabase("nodes" + count);
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            ids.add("n" + n);
        }
        List<String> roles = ids.stream().map(NodesBenchmark::role).toList();
        Ownership.createRoles(jdbcUrl, roles);
        Out.progress(count + " node(s): starting " + count + " Felix JVM(s) with the analytics bundles on one database");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int n = 0; n < count; n++) {
                nodes.add(new NodeProcess(work.resolve(ids.get(n)), jdbcUrl, roles.get(n), ids.get(n), List.of(
                        String.valueOf(n), String.valueOf(count), String.valueOf(sessions),
                        String.valueOf(first.toEpochMilli()), String.valueOf(between))));
            }
            for (NodeProcess node : nodes) {
                node.expect("READY", BOOT);
            }
            double seconds;
            Ownership.Window recording;
            Ownership.Window after;
            long[] posted = new long[count];
            try (Ownership ownership = new Ownership(jdbcUrl, roles)) {
                ownership.awaitChannels(60);
                Out.progress(count + " node(s): posting " + total + " events, each node its share");
                ownership.open();
                long start = System.nanoTime();
                for (NodeProcess node : nodes) {
                    node.send("go");
                }
                IngestBenchmark.awaitDurable(jdbcUrl, total, count + " node(s)");
                seconds = (System.nanoTime() - start) / 1e9;
                recording = ownership.closeWindow();
                for (int n = 0; n < count; n++) {
                    posted[n] = Long.parseLong(nodes.get(n).expect("POSTED", Duration.ofSeconds(60)).split(" ")[1]);
                }
                Out.progress(count + " node(s): every event is durable; " + AFTER.toSeconds() + " s more with nothing posted");
                ownership.open();
                Thread.sleep(AFTER.toMillis());
                after = ownership.closeWindow();
            }
            String run = "nodes." + count + ".";
            Out.figure(run + "events", total, "events");
            Out.figure(run + "end_to_end", Math.round(total / seconds), "events/s");
            Out.figure(run + "plays_stored", Sql.count(jdbcUrl, "SELECT count(*) FROM playback_events"), "plays");
            for (int n = 0; n < count; n++) {
                Out.figure(run + ids.get(n) + ".events", posted[n], "events");
            }
            printOwnership(run, ids, recording);
            printOwnership(run + "after.", ids, after);
            return total / seconds;
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
        }
    }

    /** Prints what owning sessions cost each node in a window, each figure's name starting with {@code run}. */
    private static void printOwnership(String run, List<String> ids, Ownership.Window window) {
        System.out.printf(Locale.ROOT, "%swindow: %.1f s%n", run, window.seconds());
        List<Long> roundTrips = window.roundTripNanos().stream().sorted().toList();
        Out.figure(run + "lease_round_trip_samples", roundTrips.size(), "renewals");
        if (!roundTrips.isEmpty()) {
            System.out.printf(Locale.ROOT, "%slease_round_trip_p50: %.2f ms%n", run, roundTrips.get(roundTrips.size() / 2) / 1e6);
            System.out.printf(Locale.ROOT, "%slease_round_trip_max: %.2f ms%n", run, roundTrips.get(roundTrips.size() - 1) / 1e6);
        }
        double minutes = window.seconds() / 60;
        for (int n = 0; n < ids.size(); n++) {
            String node = run + ids.get(n) + ".";
            Ownership.NodeCost cost = window.byRole().get(role(ids.get(n)));
            Out.figure(node + "lease_renewals", cost.renewals(), "renewals");
            Out.figure(node + "lease_renewals_per_min", cost.renewals() / minutes, "renewals/min");
            Out.figure(node + "lease_renewals_alone", cost.renewalsAlone(), "renewals (in a transaction of their own)");
            Out.figure(node + "lease_renewals_alone_per_min", cost.renewalsAlone() / minutes, "renewals/min");
            if (cost.renewals() > 0) {
                System.out.printf(Locale.ROOT, "%slease_renewal_p50: %.1f µs (in the database)%n", node, cost.renewalP50Micros());
                System.out.printf(Locale.ROOT, "%slease_renewal_max: %.1f µs (in the database)%n", node, cost.renewalMaxMicros());
            }
            Out.figure(node + "notifications_sent", cost.sent(), "notifications");
            Out.figure(node + "notifications_sent_per_min", cost.sent() / minutes, "notifications/min");
            if (cost.listenedThroughout()) {
                Out.figure(node + "notifications_received", cost.received(), "notifications");
                Out.figure(node + "notifications_received_per_min", cost.received() / minutes, "notifications/min");
            } else {
                System.out.println(node + "notifications_received: unknown (its channel connection changed during the run)");
            }
        }
    }
}
