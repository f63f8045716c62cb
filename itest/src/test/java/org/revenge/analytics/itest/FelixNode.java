package org.revenge.analytics.itest;

import static org.awaitility.Awaitility.await;
import static org.revenge.analytics.spi.AnalyticsTopics.PLAYBACK_STOPPED;
import static org.revenge.analytics.spi.AnalyticsTopics.POSITION_SEC;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.osgi.framework.Constants;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * One node of {@link SeveralNodesIT} in a JVM of its own: an {@link OwnFelix} with the plugin,
 * configured with the database and a node id, driven by lines on its standard input, each answered
 * by a line {@code OK <command>} on its standard output once done (an event is then posted, not yet
 * recorded):
 * <ul>
 * <li>{@code start <session> <user> <media> <epoch ms>}, {@code progress <session> <position> <epoch ms>},
 *     {@code stop <session> <position> <epoch ms>}: host events, posted to EventAdmin;</li>
 * <li>{@code erase <user>}: {@code AnalyticsAdmin.eraseUser} of this node;</li>
 * <li>{@code job <kind>}: {@code AnalyticsAdmin.runJobNow} of this node;</li>
 * <li>{@code quit}: stops the framework in order.</li>
 * </ul>
 * It prints {@code READY <framework uuid>} once recording is on (its job runner's name in
 * {@code analytics_job.locked_by} starts with that uuid).
 */
public final class FelixNode {

    private FelixNode() {
    }

    /** @param args the work directory, the JDBC URL, the node id */
    public static void main(String[] args) throws Exception {
        try (OwnFelix felix = new OwnFelix(Path.of(args[0]))) {
            felix.configure("org.revenge.analytics", Map.of("jdbc.url", args[1], "timezone", "UTC", "node.id", args[2],
                    "node.lease.sec", SeveralNodesIT.LEASE_SEC, "node.lease.renew.sec", 1, "journal.sync", "batch",
                    "rules.idle.timeout.min", 1));
            Object service = felix.awaitService("org.revenge.analytics.spi.AnalyticsService");
            Object admin = felix.awaitService("org.revenge.analytics.spi.AnalyticsAdmin");
            SpiCalls analytics = new SpiCalls(felix.bundle("org.revenge.analytics.spi"), service);
            EventAdmin events = felix.eventAdmin();
            // recording is on once an event posted now is counted
            events.postEvent(new Event(PLAYBACK_STOPPED, Map.of(POSITION_SEC, 1)));
            await().atMost(Plugin.STARTUP).until(() -> analytics.ingest().rejected() == 1);
            System.out.println("READY " + felix.context().getProperty(Constants.FRAMEWORK_UUID));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null;) {
                String[] word = line.split(" ");
                switch (word[0]) {
                    case "start" -> events.postEvent(HostEvents.started(UUID.fromString(word[1]), UUID.fromString(word[2]),
                            UUID.fromString(word[3]), UUID.fromString(word[3]), "movie", 6000, at(word[4])));
                    case "progress" -> events.postEvent(HostEvents.progress(UUID.fromString(word[1]), Integer.parseInt(word[2]),
                            false, at(word[3])));
                    case "stop" -> events.postEvent(HostEvents.stopped(UUID.fromString(word[1]), Integer.parseInt(word[2]),
                            at(word[3])));
                    case "erase" -> admin.getClass().getMethod("eraseUser", UUID.class).invoke(admin, UUID.fromString(word[1]));
                    case "job" -> admin.getClass().getMethod("runJobNow", String.class).invoke(admin, word[1]);
                    case "quit" -> {
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
                System.out.println("OK " + word[0]);
            }
        }
    }

    private static Instant at(String epochMillis) {
        return Instant.ofEpochMilli(Long.parseLong(epochMillis));
    }
}
