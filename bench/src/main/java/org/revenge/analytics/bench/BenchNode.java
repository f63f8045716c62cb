package org.revenge.analytics.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * One node of {@code bench/run nodes} in a JVM of its own: a {@link Host} with the plugin, configured
 * with the shared database, its own database role and its own {@code node.id}, posting its share of
 * the sessions through EventAdmin. Every node draws the same sessions in the same order from its own
 * {@link SessionGenerator} and keeps those whose number, modulo the node count, is its index, so a
 * session's three events all go to one node, as a load balancer with sticky sessions sends them. It
 * draws before it is told to start, and builds the events as it posts them, as {@code bench/run
 * ingest} does.
 *
 * <p>Driven by lines on standard input, answered on standard output: it prints {@code READY} once
 * the plugin records and its share is drawn; {@code go} posts the share, paced so that at most
 * {@value #IN_FLIGHT} events wait in EventAdmin's queue and the plugin's (EventAdmin's queue is
 * unbounded, and the node's heap is kept small), and prints {@code POSTED <events>}; {@code quit}
 * stops the framework in order.
 */
public final class BenchNode {

    private static final long IN_FLIGHT = 20_000;

    private BenchNode() {
    }

    /**
     * @param args the work directory, the JDBC URL, the database role, the node id, the node's index,
     *             the node count, the sessions in all, the epoch millisecond of the first session's start
     *             and the milliseconds between two sessions' starts
     */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int index = Integer.parseInt(args[4]);
        int nodes = Integer.parseInt(args[5]);
        long sessions = Long.parseLong(args[6]);
        Instant first = Instant.ofEpochMilli(Long.parseLong(args[7]));
        long between = Long.parseLong(args[8]);
        try (Host host = new Host(work)) {
            host.configure("org.revenge.analytics", Map.of("jdbc.url", args[1], "jdbc.user", args[2], "node.id", args[3],
                    "jdbc.pool.size", 4, "timezone", "UTC", "ingest.queue.capacity", 100_000, "ingest.batch.size", 10_000));
            host.awaitService("org.revenge.analytics.spi.AnalyticsService", 120);
            EventAdmin eventAdmin = host.await(EventAdmin.class, null, 30);
            PluginStats stats = new PluginStats(host);
            // recording is on once an event posted now is taken (this one is refused: it names no session)
            eventAdmin.postEvent(new Event("org/revenge/playback/STOPPED", Map.of("position.sec", 1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (stats.get("rejected") < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plugin took no event within 120 s; see " + work.resolve("felix.log"));
                }
                Thread.sleep(50);
            }
            SessionGenerator generator = new SessionGenerator();
            List<SessionGenerator.Session> share = new ArrayList<>();
            for (long session = 0; session < sessions; session++) {
                SessionGenerator.Session drawn = generator.draw(first.plusMillis(between * session));
                if (session % nodes == index) {
                    share.add(drawn);
                }
            }
            System.out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit");) {
                if (!line.equals("go")) {
                    throw new IllegalArgumentException("unknown command: " + line);
                }
                long posted = 0;
                long taken0 = stats.taken();
                for (SessionGenerator.Session session : share) {
                    // the plugin's counters are read every thousand sessions, not for each
                    while (posted % 3_000 == 0 && posted - (stats.taken() - taken0) > IN_FLIGHT) {
                        Thread.sleep(1);
                    }
                    for (Event event : generator.events(session)) {
                        eventAdmin.postEvent(event);
                    }
                    posted += 3;
                }
                System.out.println("POSTED " + posted);
            }
        }
    }
}
