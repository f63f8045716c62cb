package org.revenge.analytics.internal.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.NodeSettings;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording path, put together: {@link Admission} (the callers' side: parse, privacy filter,
 * counters; no I/O, never blocks) queues {@link Signal}s on a bounded {@link SignalQueue} (full only
 * while the journal cannot be written: then a new event is refused and counted as {@code queue: full});
 * {@link UserHolds} keeps opted-out users and users being erased out; the {@link IngestWriter}'s
 * {@link JournalAppender} thread moves the queue into the {@link Journal} and never waits on the
 * database, while the writer's own thread follows the journal, sessionizes and writes, holding at
 * most {@code ingest.memory.max.events} in memory. Host events reach it through {@link HostEventReceiver},
 * which Declarative Services registers for the relay bundle.
 */
@Component(service = IngestPipeline.class, configurationPid = AnalyticsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Clock clock;
    private final IngestCounters counters = new IngestCounters();
    private final SignalQueue queue;
    private final UserHolds holds;
    private final Admission admission;
    private final Journal journal;
    private final IngestWriter writer;

    @Activate
    public IngestPipeline(BundleContext context, AnalyticsConfiguration config) throws IOException {
        this(Settings.from(refuseSecondCopy(context, config)),
                NodeSettings.from(config).inFramework(context.getProperty(Constants.FRAMEWORK_UUID)),
                context.getDataFile("journal").toPath(), Clock.systemUTC());
    }

    /**
     * Two copies of the plugin (say a feature's and another version's jar in {@code deploy/}) would
     * both take over the open sessions and close them twice; the copy that came second stays off.
     */
    private static AnalyticsConfiguration refuseSecondCopy(BundleContext context, AnalyticsConfiguration config) {
        Bundle self = context.getBundle();
        for (Bundle other : context.getBundles()) {
            if (other.getBundleId() != self.getBundleId() && self.getSymbolicName().equals(other.getSymbolicName())
                    && (other.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                String refusal = "Analytics is not started in bundle " + self.getBundleId() + " (" + self.getVersion() + ", "
                        + self.getLocation() + "): bundle " + other.getBundleId() + " (" + other.getVersion() + ", "
                        + other.getLocation() + ") already records. Two copies would count open sessions twice; "
                        + "uninstall one of them (bundle:uninstall, or remove its jar from deploy/), then restart the other";
                LOG.error(refusal);
                throw new IllegalStateException(refusal);
            }
        }
        return config;
    }

    /**
     * @param settings   the configuration
     * @param journalDir where the journal lives
     * @param clock      the clock for event validation and idle timeouts
     */
    public IngestPipeline(Settings settings, Path journalDir, Clock clock) throws IOException {
        this(settings, NodeSettings.DEFAULT, journalDir, clock);
    }

    /**
     * @param settings   the configuration
     * @param nodes      this node's id ({@code null}: the journal's) and lease, among the nodes of one database
     * @param journalDir where the journal lives
     * @param clock      the clock for event validation and idle timeouts
     */
    public IngestPipeline(Settings settings, NodeSettings nodes, Path journalDir, Clock clock) throws IOException {
        this.clock = clock;
        this.queue = new SignalQueue(settings.queueCapacity());
        this.holds = new UserHolds(clock, queue::handedOver);
        this.admission = new Admission(clock, settings, counters, holds, queue);
        this.journal = new Journal(journalDir, settings.journaling().sync(), settings.journaling().syncInterval());
        if (journal.size() > 0) {
            LOG.info("Analytics found {} journaled events from before the last stop; they are written once the database is ready",
                    journal.size());
        }
        this.writer = new IngestWriter(clock, journal, queue, admission, holds, counters, nodes);
        LOG.info("Analytics records as node {}", writer.nodeId());
        writer.start();
    }

    @Modified
    void modified(AnalyticsConfiguration config) {
        Settings.ofChange(config).ifPresent(changed -> {
            admission.apply(changed);
            journal.syncPolicy(changed.journaling().sync(), changed.journaling().syncInterval());
            NodeSettings nodes = NodeSettings.from(config);
            writer.nodes(nodes.inFramework(writer.framework()));
            if (nodes.nodeId() != null && !nodes.nodeId().equals(writer.nodeId())) {
                LOG.warn("Analytics records as node {} until the bundle restarts; node.id = {} applies then", writer.nodeId(),
                        nodes.nodeId());
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindStore(AnalyticsStore store) {
        writer.store(store);
    }

    public void unbindStore(AnalyticsStore store) {
        if (writer.store() == store) {
            writer.store(null);
        }
    }

    // ---- callers' side: no I/O, never blocks ----------------------------------------------------

    /**
     * Takes a host event: while analytics is enabled it is validated and queued (a bad one is
     * counted by reason, never thrown); while disabled it is counted as ignored.
     *
     * @throws IllegalStateException once the pipeline is closing: the event was not taken, and the
     *                               caller (the relay) keeps it for the next start
     */
    public void offer(Event event) {
        // disabled means not recorded: the event is dropped here, not kept back by the relay
        if (admission.enabled()) {
            admission.offer(event);
        } else {
            admission.ignored(Admission.DISABLED);
        }
    }

    /**
     * Hands an already validated signal to the writer, unless it is of an opted-out, excluded or
     * erased user or an excluded library: that one is counted as ignored and dropped here, before
     * it is queued or journaled.
     *
     * @return false if the pipeline is closing: the signal was not taken, and would have been
     *         neither written nor journaled
     * @throws StorageUnavailableException if the queue is full (the journal cannot be written and
     *                                     the memory bound is reached): nothing was taken
     */
    public boolean record(Signal signal) {
        return admission.record(signal);
    }

    /** @return whether analytics records host events ({@code enabled}) */
    boolean enabled() {
        return admission.enabled();
    }

    /** Counts a refused direct call. */
    public void rejected(InvalidInputException failure) {
        admission.rejected(failure);
    }

    // ---- privacy: opted-out and erased users ---------------------------------------------------

    /**
     * Stops recording a user at once: their events are dropped from now on, and the writer drops
     * their open sessions and unwritten plays within moments.
     */
    public void optOut(UUID userId) {
        holds.optOut(userId);
    }

    /** Records a user again. */
    public void optIn(UUID userId) {
        holds.optIn(userId);
    }

    /** @return the id under which this node owns open sessions and holds its lease (docs/NODES.md) */
    public String nodeId() {
        return writer.nodeId();
    }

    /**
     * Another node erased a user: the writer drops what it holds of them from before the erasure
     * within its next round. (It finds the erasure anyway, at the latest in its next write.)
     */
    public void erasureAnnounced() {
        writer.erasureAnnounced();
    }

    /** The opted-out users are read from the database again at the writer's next round, e.g. after missed notifications. */
    public void refreshOptOutsSoon() {
        holds.refreshSoon();
    }

    /** @return whether the user's events are dropped as opted out */
    public boolean optedOut(UUID userId) {
        return holds.optedOut(userId);
    }

    /**
     * Holds a user back for an erasure: from now until the returned handle is closed their events
     * are dropped, and this returns once the writer has dropped everything it held of them and
     * written (and so removed from its journal) everything it had taken before. What the erasure
     * then deletes cannot come back from memory or from a replay of the journal.
     *
     * @param wait how long to wait for the writer
     * @return closing it records the user again (unless opted out or excluded)
     * @throws StorageUnavailableException if the writer could not get there in time (the database is away)
     */
    public UserHold holdForErasure(UUID userId, Duration wait) {
        return holds.holdForErasure(userId, wait);
    }

    /** A user held back from recording until it is closed. */
    public interface UserHold extends AutoCloseable {
        @Override
        void close();
    }

    // ---- quarantine ------------------------------------------------------------------------------

    /**
     * Feeds a quarantined record back through the writer; its entry is deleted in the transaction
     * that stores it (or, if it fails for good again, replaced by a new entry with the new reason).
     *
     * @throws InvalidInputException naming {@code id} if the entry's content cannot be read back
     */
    public void redrive(QuarantinedRecord record) {
        writer.redrive(record.id(), QuarantineContent.redrive(record));
    }

    // ---- state ---------------------------------------------------------------------------------

    /** @return the counters, with what is waiting in memory and in the journal */
    public IngestStats stats() {
        // taken from callers and not yet journaled: the queue, and what the writer holds while the journal fails
        long inMemory = Math.max(0, queue.handedOver() - counters.journaled());
        return counters.snapshot(inMemory, journal.size(), writeLag());
    }

    /** @return how far recording is behind: the age of the oldest event not yet in the database, zero if none */
    public Duration writeLag() {
        Instant oldest = queue.oldestUnwritten();
        Duration lag = oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    /**
     * @return the unwritten plays and sessions the writer held at the end of its last round, and the
     *         signals held in memory because the journal cannot be written
     */
    int unwrittenInMemory() {
        return writer.unwrittenInMemory();
    }

    /** @return signals taken from the queue and held in memory because the journal cannot be written */
    int heldForTheJournal() {
        return writer.heldForTheJournal();
    }

    /** @return the open sessions the writer holds in memory, as of at most a second ago */
    int openSessions() {
        return writer.openSessions();
    }

    /** @return whether everything handed over so far is in the database */
    public boolean idle() {
        return writer.idle();
    }

    /**
     * Stops taking signals, journals what is still in memory and writes it to the database if it
     * is there; what cannot be written stays in the journal for the next start.
     */
    @Deactivate
    public void close() throws IOException, InterruptedException {
        // callers already inside take microseconds; they must reach the queue before the appender's last pass
        admission.close();
        if (!writer.stop(STOP_TIMEOUT)) {
            LOG.warn("Analytics writer did not finish within {} s; it closes the journal when it does, and unwritten "
                    + "events stay in it", STOP_TIMEOUT.toSeconds());
            return;
        }
        long left = journal.size();
        if (left > 0) {
            LOG.info("Analytics stopped with {} events in the journal; they are written at the next start", left);
        }
    }
}
