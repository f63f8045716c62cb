package org.revenge.analytics.internal.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.AnalyticsTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A countable stream of plays, for tests that must tell a lost play from a doubled one while the
 * plugin is updated, uninstalled or restarted: session n (0, 1, 2 ...) is started, kept open for
 * {@code open.sec} of wall-clock time, then stopped 120 s of event time later, so each is exactly
 * one play of a user numbered n. Sessions stop in the order they started, so "started" and
 * "stopped", written to the status file after every step, say exactly which sessions exist.
 * Events are sent synchronously: once the status file says a session was posted, the relay has it.
 * A change of the configuration restarts the probe, which continues from its status file; so
 * {@code paused = true} is in effect once the status file says {@code paused=true}.
 *
 * <p>"Posted" is not "kept": a sent event sits in the plugin's queue until the plugin appends it
 * to its journal, and a killed JVM loses what was only in memory. So the status file also says
 * {@code journaled.from} and {@code journaled}: of the sessions this start of the probe stopped,
 * those from journaled.from to journaled - 1 had their stop appended to the plugin's journal.
 * It is read from the plugin's own counters ({@code AnalyticsService.getIngestStats()}): after
 * sending a stop the probe notes how many events the plugin had accepted into its queue, and once
 * the plugin has appended as many, that stop is in the journal (the plugin journals in queue order).
 */
@Component(configurationPid = ProbeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProbeConfiguration.class)
public final class ProbeTraffic {

    /** Event time between a probe session's start and stop: a play by the default rules (60 s). */
    static final int PLAY_SEC = 120;
    static final int RUNTIME_SEC = 6000;

    private static final Logger LOG = LoggerFactory.getLogger(ProbeTraffic.class);

    private final EventAdmin eventAdmin;
    /** Wall-clock milliseconds: when a session is due to stop. */
    private final LongSupplier clock;
    private final UUID run;
    private final long firstStartMs;
    private final long spacingMs;
    private final long openMs;
    private final Path statusFile;
    private final ScheduledExecutorService worker;
    /** Wall-clock start of each open session, oldest first; touched by the worker thread only. */
    private final Deque<Long> open = new ArrayDeque<>();
    private final boolean paused;
    private long started;
    private long stopped;
    private boolean pausedWritten;
    private volatile AnalyticsService analytics;
    /** Stops sent but not yet known to be journaled, oldest first; touched by the worker thread only. */
    private final Deque<Sent> awaitingJournal = new ArrayDeque<>();
    private long journaledFrom;
    private long journaled;

    /** A stop sent: session n, and the plugin's accepted count right after, by the plugin instance that counted it. */
    private record Sent(long n, long acceptedAfter, AnalyticsService by) {
    }

    @Activate
    public ProbeTraffic(@Reference EventAdmin eventAdmin, ProbeConfiguration config) {
        this(eventAdmin, checked(config), System::currentTimeMillis);
        worker.scheduleAtFixedRate(this::tickSafely, 0, spacingMs, TimeUnit.MILLISECONDS);
        LOG.info("Demo probe ready: run {}, {} sessions a second, each open {} s; {} started and {} stopped so far{}",
                run, 1000 / spacingMs, openMs / 1000, started, stopped, paused ? "; paused" : "");
    }

    ProbeTraffic(EventAdmin eventAdmin, ProbeConfiguration config, LongSupplier clock) {
        this.eventAdmin = eventAdmin;
        this.clock = clock;
        validate(config);
        this.run = UUID.fromString(config.run());
        this.firstStartMs = config.first_start_ms();
        this.spacingMs = 1000 / config.sessions_per_second();
        this.openMs = config.open_sec() * 1000L;
        this.statusFile = Path.of(config.status_file());
        this.paused = config.paused();
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "revenge-demo-probe"));
        continueFromStatus();
    }

    /** Validates in the constructor; a bad value is logged in one line naming it, and the probe does not start. */
    private static ProbeConfiguration checked(ProbeConfiguration config) {
        try {
            validate(config);
            return config;
        } catch (IllegalArgumentException e) {
            LOG.error("Demo probe not started: configuration {}, {}. Fix it in etc/{}.cfg.", ProbeConfiguration.PID,
                    e.getMessage(), ProbeConfiguration.PID);
            throw e;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAnalytics(AnalyticsService service) {
        this.analytics = service;
    }

    void unbindAnalytics(AnalyticsService service) {
        if (this.analytics == service) {
            this.analytics = null;
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        writeStatus(paused);
        LOG.info("Demo probe stopped: {} sessions started, {} stopped; it continues from there when started again", started, stopped);
    }

    static void validate(ProbeConfiguration config) {
        uuid("run", config.run());
        if (config.first_start_ms() <= 0) {
            throw new IllegalArgumentException("first.start.ms = " + config.first_start_ms() + ": must be an epoch time in ms");
        }
        if (config.sessions_per_second() < 1 || config.sessions_per_second() > 1000) {
            throw new IllegalArgumentException("sessions.per.second = " + config.sessions_per_second() + ": must be between 1 and 1000");
        }
        if (config.open_sec() < 0 || config.open_sec() > 600) {
            throw new IllegalArgumentException("open.sec = " + config.open_sec() + ": must be between 0 and 600");
        }
        if (config.status_file() == null || config.status_file().isBlank()) {
            throw new IllegalArgumentException("status.file: is required (where the probe says how far it got)");
        }
    }

    /** The user who plays session n: the run's high bits and n. */
    static UUID user(UUID run, long n) {
        return new UUID(run.getMostSignificantBits(), n);
    }

    private void continueFromStatus() {
        if (!Files.exists(statusFile)) {
            return;
        }
        Properties status = new Properties();
        try (InputStream in = Files.newInputStream(statusFile)) {
            status.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("status.file = " + statusFile + ": cannot be read", e);
        }
        if (!run.toString().equals(status.getProperty("run"))) {
            return;
        }
        started = Long.parseLong(status.getProperty("started"));
        stopped = Long.parseLong(status.getProperty("stopped"));
        journaledFrom = stopped;
        journaled = stopped;
        long now = clock.getAsLong();
        for (long n = stopped; n < started; n++) {
            open.add(now);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Demo probe step failed; it goes on: {}", e.toString(), e);
        }
    }

    /** Stops the sessions that are due, starts the next one, and says so in the status file. */
    void tick() {
        if (paused) {
            if (!pausedWritten) {
                writeStatus(true);
                pausedWritten = true;
            }
            return;
        }
        pausedWritten = false;
        confirmJournaled();
        long now = clock.getAsLong();
        while (!open.isEmpty() && open.peekFirst() + openMs <= now) {
            AnalyticsService counting = analytics;
            send(AnalyticsTopics.PLAYBACK_STOPPED, stopped, Map.of(AnalyticsTopics.POSITION_SEC, String.valueOf(PLAY_SEC)),
                    startOf(stopped) + PLAY_SEC * 1000L);
            if (counting != null && counting == analytics) {
                awaitingJournal.add(new Sent(stopped, counting.getIngestStats().accepted(), counting));
            }
            open.removeFirst();
            stopped++;
        }
        Map<String, Object> start = new HashMap<>();
        start.put(AnalyticsTopics.USER_ID, user(run, started).toString());
        start.put(AnalyticsTopics.MEDIA_ID, run.toString());
        start.put(AnalyticsTopics.LIBRARY_ID, run.toString());
        start.put(AnalyticsTopics.MEDIA_TYPE, "movie");
        start.put(AnalyticsTopics.CLIENT_TYPE, "probe");
        start.put(AnalyticsTopics.POSITION_SEC, "0");
        start.put(AnalyticsTopics.RUNTIME_SEC, String.valueOf(RUNTIME_SEC));
        send(AnalyticsTopics.PLAYBACK_STARTED, started, start, startOf(started));
        open.addLast(now);
        started++;
        writeStatus(false);
    }

    /**
     * Moves {@code journaled} over the stops the plugin has appended. Only without gaps: a stop
     * whose fate is unknown (sent while no plugin counted, or counted by one that has gone since)
     * holds it where it is, so that it never claims a session it cannot vouch for.
     */
    private void confirmJournaled() {
        AnalyticsService current = analytics;
        if (current == null || awaitingJournal.isEmpty()) {
            return;
        }
        long appended = current.getIngestStats().appended();
        Sent oldest;
        while ((oldest = awaitingJournal.peekFirst()) != null && (oldest.by() != current || oldest.acceptedAfter() <= appended)) {
            awaitingJournal.removeFirst();
            if (oldest.by() == current && oldest.n() == journaled) {
                journaled++;
            }
        }
    }

    private long startOf(long n) {
        return firstStartMs + n * spacingMs;
    }

    private void send(String topic, long n, Map<String, Object> properties, long timestampMs) {
        Map<String, Object> event = new HashMap<>(properties);
        event.put(AnalyticsTopics.SESSION_ID, UUID.nameUUIDFromBytes((run + "/" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        event.put(AnalyticsTopics.TIMESTAMP, String.valueOf(timestampMs));
        eventAdmin.sendEvent(new Event(topic, event));
    }

    private void writeStatus(boolean pausedNow) {
        Properties status = new Properties();
        status.setProperty("run", run.toString());
        status.setProperty("started", String.valueOf(started));
        status.setProperty("stopped", String.valueOf(stopped));
        status.setProperty("journaled.from", String.valueOf(journaledFrom));
        status.setProperty("journaled", String.valueOf(journaled));
        status.setProperty("paused", String.valueOf(pausedNow));
        Path temporary = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
        try {
            Files.createDirectories(statusFile.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(temporary)) {
                status.store(out, "Revenge Analytics demo probe");
            }
            Files.move(temporary, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("status.file = " + statusFile + ": cannot be written", e);
        }
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " = '" + value + "': must be a UUID");
        }
    }
}
