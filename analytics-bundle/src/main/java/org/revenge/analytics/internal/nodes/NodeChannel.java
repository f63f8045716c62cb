package org.revenge.analytics.internal.nodes;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.revenge.analytics.internal.db.MigratedDatabase;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.NodeMapper;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this node hears what the admin service of any node did, and tells the others of its writes:
 * PostgreSQL {@code LISTEN}/{@code NOTIFY} on channel {@value NodeMapper#CHANNEL}, over one
 * connection of its own, taken again with backoff when it breaks (docs/NODES.md). Notifications
 * carry no personal data beyond a user's id. A lost notification costs time, not correctness: the
 * writer reads the erasures inside each write and every {@code node.lease.renew.sec}, the opted-out
 * users every minute, this the recording switch every minute, and a kept answer lives 30 s at most.
 */
@Component(service = NodeChannel.class, immediate = true)
public final class NodeChannel {

    /** {@code opt-out <user> <node>}: the user opted out through that node. */
    public static final String OPT_OUT = "opt-out";
    /** {@code opt-in <user> <node>}: the user opted in again through that node. */
    public static final String OPT_IN = "opt-in";
    /** {@code erase <user>}: the user was erased; the writers read {@code user_erasure_fence}. */
    public static final String ERASE = "erase";
    /** {@code recording}: the recording switch changed; read {@code recording_switch}. */
    public static final String RECORDING = "recording";
    /** {@code written}: a node committed a write; kept answers go. */
    public static final String WRITTEN = "written";

    private static final Logger LOG = LoggerFactory.getLogger(NodeChannel.class);
    /** The longest wait for a notification; also how often this node tells of its writes. */
    private static final int POLL_MILLIS = 250;
    private static final Duration SWITCH_POLL = Duration.ofMinutes(1);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(15);

    private final AnalyticsStore store;
    private final DataSource dataSource;
    private final IngestPipeline pipeline;
    private final RecordingTarget recording;
    private final Thread thread;
    private final AtomicBoolean writesToTell = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile boolean listening;
    private long nextSwitchPoll;

    @Activate
    public NodeChannel(BundleContext context, @Reference AnalyticsStore store, @Reference MigratedDatabase database,
            @Reference IngestPipeline pipeline,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ConfigurationAdmin configAdmin) {
        this(store, database.dataSource(), pipeline,
                new ConfiguredRecording(configAdmin, context.getDataFile("recording-switch.version").toPath()));
    }

    /** For use outside a framework (tests): starts listening at once. */
    public NodeChannel(AnalyticsStore store, DataSource dataSource, IngestPipeline pipeline, RecordingTarget recording) {
        this.store = store;
        this.dataSource = dataSource;
        this.pipeline = pipeline;
        this.recording = recording;
        this.thread = new Thread(this::listenUntilClosed, "analytics-node-channel");
        thread.setDaemon(true);
        store.onWrite(() -> writesToTell.set(true));
        thread.start();
    }

    /** @return whether the channel's connection listens now, and what was said before it did has been read */
    public boolean listening() {
        return listening;
    }

    @Deactivate
    public void close() throws InterruptedException {
        store.onWrite(null);
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
    }

    private void listenUntilClosed() {
        Duration backoff = FIRST_RETRY;
        boolean toldAway = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                int ownProcess = postgres.getBackendPID();
                store.onConnection(connection, "listen to the other nodes", NodeMapper.class, mapper -> {
                    mapper.listen();
                    return null;
                });
                // what was said while nobody listened is read from the database
                catchUp();
                listening = true;
                if (toldAway) {
                    LOG.info("Analytics hears the other nodes again");
                }
                toldAway = false;
                backoff = FIRST_RETRY;
                while (running) {
                    PGNotification[] heard = postgres.getNotifications(POLL_MILLIS);
                    if (heard != null) {
                        for (PGNotification notification : heard) {
                            if (notification.getPID() != ownProcess) {
                                handleSafely(notification.getParameter());
                            }
                        }
                    }
                    if (writesToTell.getAndSet(false)) {
                        store.onConnection(connection, "tell the other nodes of a write", NodeMapper.class,
                                mapper -> mapper.notifyNodes(WRITTEN));
                    }
                    pollSwitchNowAndThen();
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                if (!toldAway) {
                    LOG.warn("Analytics does not hear the other nodes ({}); it tries again, and meanwhile finds opt-outs "
                            + "within a minute, erasures within node.lease.renew.sec and the recording switch within a minute "
                            + "from the database, and keeps answers for 30 s at most", Failures.rootMessage(e));
                    toldAway = true;
                }
                pollSwitchNowAndThen();
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
            }
        }
    }

    private void catchUp() {
        pipeline.refreshOptOutsSoon();
        pipeline.erasureAnnounced();
        store.changedElsewhere();
        nextSwitchPoll = 0;
        pollSwitchNowAndThen();
    }

    private void handleSafely(String payload) {
        try {
            handle(payload);
        } catch (RuntimeException e) {
            LOG.warn("Analytics could not act on a notification of another node ({}): {}", payload, e.getMessage());
        }
    }

    /** Acts on one notification of another node. */
    void handle(String payload) {
        String[] parts = payload.split(" ");
        switch (parts[0]) {
            case OPT_OUT, OPT_IN -> {
                if (parts.length == 3 && !parts[2].equals(pipeline.nodeId())) {
                    UUID user = UUID.fromString(parts[1]);
                    // the user's own queries here read the primary until the read replica has the change too
                    store.privacyChanged(user);
                    if (parts[0].equals(OPT_OUT)) {
                        pipeline.optOut(user);
                    } else {
                        pipeline.optIn(user);
                    }
                }
            }
            case ERASE -> {
                pipeline.erasureAnnounced();
                if (parts.length == 2) {
                    store.privacyChanged(UUID.fromString(parts[1]));
                }
            }
            case RECORDING -> {
                nextSwitchPoll = 0;
                pollSwitchNowAndThen();
            }
            case WRITTEN -> store.changedElsewhere();
            default -> LOG.debug("Analytics ignores a notification it does not know: {}", payload);
        }
    }

    /** Applies a recording switch this node has not applied yet; at most once a minute unless told. */
    private void pollSwitchNowAndThen() {
        long now = System.nanoTime();
        if (nextSwitchPoll != 0 && now - nextSwitchPoll < 0) {
            return;
        }
        nextSwitchPoll = now + SWITCH_POLL.toNanos();
        try {
            NodeMapper.RecordingSwitch stored = store.read("read the recording switch", NodeMapper.class,
                    NodeMapper::recordingSwitch);
            if (stored != null && stored.version() > recording.appliedVersion()) {
                recording.apply(stored.enabled(), stored.version());
            }
        } catch (StorageUnavailableException e) {
            // the channel's own failure says the database is away
        }
    }

    private boolean pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
