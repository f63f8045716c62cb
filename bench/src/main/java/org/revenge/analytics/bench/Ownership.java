package org.revenge.analytics.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What owning sessions costs each node, read off the shared database during a window (the benchmark
 * opens one from the start of the posting until every event is durable, and one for the minute
 * after), not from the plugin, which counts none of it:
 * <ul>
 * <li><b>Lease renewals</b>: a row trigger, installed by the benchmark on {@code analytics_node},
 *     logs every update of a node's row with the database's time from the statement's start (the
 *     receipt of its Execute message: parsing and planning come before) to the row's update: the
 *     renewal's execution, lock waits included, its round trip and its transaction's commit not. A node renews every {@code
 *     node.lease.renew.sec} in a transaction of its own, and first in every write transaction; a
 *     second trigger, on {@code ingest_checkpoint}, which every write of recorded events updates in
 *     its transaction, tells the two apart.</li>
 * <li><b>The renewal's round trip</b>: every {@value #RENEW_SEC} s, this JVM runs the plugin's
 *     renewal statement ({@code NodeMapper.xml}, {@code renewLease}) on a row of its own
 *     ({@value #PROBE}, with a lease that does not run out during a run), in a transaction of its own
 *     as a node's periodic renewal is, and times it to the end of the commit.</li>
 * <li><b>Notifications</b>: this JVM listens on the plugin's channel too and counts every
 *     notification, by the database role of the backend that sent it (each node connects with a role
 *     of its own, so the sender is known). PostgreSQL delivers a notification to every connection
 *     listening when it commits: what a node receives is what the other nodes sent, if its channel's
 *     connection listened throughout, which is checked (the same backend listens at both ends of the
 *     window); it also receives its own, and ignores them.</li>
 * </ul>
 * The triggers add one small insert to each renewal and each checkpoint saved, the probe one renewal
 * every {@value #RENEW_SEC} s, and the listener one delivery to each notification: the same for every
 * node count. The nodes' roles are superusers, so the benchmark's own user (embedded: postgres) must
 * be allowed to create them.
 */
final class Ownership implements AutoCloseable {

    /** The probe's row in {@code analytics_node}; the trigger does not log it. */
    static final String PROBE = "bench-probe";
    /** The plugin's default {@code node.lease.renew.sec}, which the nodes run with. */
    static final int RENEW_SEC = 5;
    /** The plugin's {@code renewLease} (NodeMapper.xml), its parameters as JDBC's. */
    private static final String RENEW_LEASE = """
            WITH renewed AS (
              UPDATE analytics_node SET renewed_at = now(), expires_at = now() + ? * interval '1 second'
               WHERE node_id = ?
              RETURNING node_id)
            SELECT count(*)::int FROM renewed""";
    /** Long enough that no node finds the probe's lease run out during a run. */
    private static final int PROBE_LEASE_SEC = 600;
    /** How a node's channel connection shows in pg_stat_activity: its last statement is its LISTEN or a NOTIFY. */
    private static final String CHANNEL_BACKENDS = "SELECT usename || ' ' || pid FROM pg_stat_activity "
            + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%revenge_analytics%'";

    /**
     * One node's figures over the window.
     *
     * @param renewalsAlone    the renewals in a transaction that saved no journal checkpoint: the periodic ones (and
     *                         a record written alone after its batch failed, which a healthy run has none of)
     * @param renewalP50Micros the median of the renewals' execution in the database, NaN without renewals
     */
    record NodeCost(long renewals, long renewalsAlone, double renewalP50Micros, double renewalMaxMicros, long sent,
            long received, boolean listenedThroughout) {
    }

    /** The window's figures: its length, each role's costs and the probe's round trips. */
    record Window(double seconds, Map<String, NodeCost> byRole, List<Long> roundTripNanos) {
    }

    private final String jdbcUrl;
    private final Collection<String> roles;
    private final Connection listener;
    private final Thread listening;
    private final Thread probing;
    private final ConcurrentLinkedQueue<String> senders = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> roundTrips = new ConcurrentLinkedQueue<>();
    private final Map<Integer, String> roleOfBackend = new HashMap<>();
    /** Released when the window opens, so that the probe times a renewal at once and then every {@value #RENEW_SEC} s. */
    private final Semaphore windowOpened = new Semaphore(0);
    private volatile boolean open;
    private volatile boolean running = true;
    private String windowStart;
    private Map<String, Integer> channelsAtStart;

    /**
     * Creates a login role for each node if the server lacks it: superusers, since any node may
     * create a day's partition and another drop or compact it.
     */
    static void createRoles(String jdbcUrl, Collection<String> roles) throws SQLException {
        for (String role : roles) {
            Sql.execute(jdbcUrl, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                    + "') THEN CREATE ROLE " + role + " LOGIN SUPERUSER; END IF; END $$");
        }
    }

    /**
     * Installs the trigger and the probe's row (the schema must be migrated: a node has started),
     * listens and starts probing; the window opens with {@link #open()}.
     *
     * @param roles the nodes' database roles
     */
    Ownership(String jdbcUrl, Collection<String> roles) throws SQLException {
        this.jdbcUrl = jdbcUrl;
        this.roles = roles;
        Sql.execute(jdbcUrl, "CREATE TABLE bench_lease_renewal (node_id varchar(64) NOT NULL, xact xid8 NOT NULL, "
                + "at timestamptz NOT NULL, took_us double precision NOT NULL)");
        Sql.execute(jdbcUrl, "CREATE FUNCTION bench_lease_renewed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO bench_lease_renewal VALUES (NEW.node_id, pg_current_xact_id(), clock_timestamp(), "
                + "extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1e6); RETURN NULL; END $$");
        Sql.execute(jdbcUrl, "CREATE TRIGGER bench_lease_renewed AFTER UPDATE ON analytics_node FOR EACH ROW "
                + "WHEN (NEW.node_id <> '" + PROBE + "') EXECUTE FUNCTION bench_lease_renewed()");
        // a write of recorded events saves the journal checkpoint in its transaction; a periodic renewal's does not
        Sql.execute(jdbcUrl, "CREATE TABLE bench_checkpoint_write (xact xid8 NOT NULL)");
        Sql.execute(jdbcUrl, "CREATE FUNCTION bench_checkpoint_written() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO bench_checkpoint_write VALUES (pg_current_xact_id()); RETURN NULL; END $$");
        Sql.execute(jdbcUrl, "CREATE TRIGGER bench_checkpoint_written AFTER INSERT OR UPDATE ON ingest_checkpoint "
                + "FOR EACH ROW EXECUTE FUNCTION bench_checkpoint_written()");
        Sql.execute(jdbcUrl, "INSERT INTO analytics_node (node_id, started_at, renewed_at, expires_at) VALUES ('" + PROBE
                + "', now(), now(), now() + interval '" + PROBE_LEASE_SEC + " seconds')");
        listener = DriverManager.getConnection(jdbcUrl);
        try (Statement statement = listener.createStatement()) {
            statement.execute("LISTEN revenge_analytics");
        }
        listening = new Thread(this::listen, "bench-listener");
        probing = new Thread(this::probe, "bench-lease-probe");
        listening.start();
        probing.start();
    }

    /** Waits until every node's channel connection listens. */
    void awaitChannels(long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!channels().keySet().containsAll(roles)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every node listens within " + timeoutSeconds + " s: " + channels());
            }
            Thread.sleep(100);
        }
    }

    /** Opens the window: what is sent, renewed and probed from now on counts. */
    void open() throws SQLException {
        senders.clear();
        roundTrips.clear();
        channelsAtStart = channels();
        windowStart = Sql.text(jdbcUrl, "SELECT clock_timestamp()::text");
        open = true;
        windowOpened.release();
    }

    /** Closes the window and reads the renewals the trigger logged in it. */
    Window closeWindow() throws SQLException {
        String windowEnd = Sql.text(jdbcUrl, "SELECT clock_timestamp()::text");
        open = false;
        double seconds = Double.parseDouble(Sql.text(jdbcUrl, "SELECT extract(epoch FROM '" + windowEnd
                + "'::timestamptz - '" + windowStart + "'::timestamptz)"));
        Map<String, Integer> channelsAtEnd = channels();
        Map<String, Long> sent = senders.stream().collect(Collectors.groupingBy(role -> role, Collectors.counting()));
        long all = senders.size();
        Map<String, NodeCost> byRole = new HashMap<>();
        for (String role : roles) {
            byRole.put(role, new NodeCost(0, 0, Double.NaN, Double.NaN, sent.getOrDefault(role, 0L),
                    all - sent.getOrDefault(role, 0L),
                    channelsAtStart.containsKey(role) && channelsAtStart.get(role).equals(channelsAtEnd.get(role))));
        }
        // the trigger logs node ids; each node's role is named after its id
        for (String row : Sql.texts(jdbcUrl, "SELECT node_id || ' ' || count(*) || ' ' "
                + "|| count(*) FILTER (WHERE xact NOT IN (SELECT xact FROM bench_checkpoint_write)) || ' ' "
                + "|| percentile_cont(0.5) WITHIN GROUP (ORDER BY took_us) || ' ' || max(took_us) FROM bench_lease_renewal "
                + "WHERE at BETWEEN '" + windowStart + "' AND '" + windowEnd + "' GROUP BY node_id")) {
            String[] word = row.split(" ");
            String role = NodesBenchmark.role(word[0]);
            NodeCost cost = byRole.get(role);
            if (cost != null) {
                byRole.put(role, new NodeCost(Long.parseLong(word[1]), Long.parseLong(word[2]), Double.parseDouble(word[3]),
                        Double.parseDouble(word[4]), cost.sent(), cost.received(), cost.listenedThroughout()));
            }
        }
        return new Window(seconds, byRole, new ArrayList<>(roundTrips));
    }

    /** @return of each node's role, the backend of its channel connection */
    private Map<String, Integer> channels() throws SQLException {
        Map<String, Integer> channels = new HashMap<>();
        for (String row : Sql.texts(jdbcUrl, CHANNEL_BACKENDS)) {
            String[] word = row.split(" ");
            if (roles.contains(word[0])) {
                channels.put(word[0], Integer.valueOf(word[1]));
            }
        }
        return channels;
    }

    private void listen() {
        try {
            PGConnection postgres = listener.unwrap(PGConnection.class);
            while (running) {
                PGNotification[] heard = postgres.getNotifications(100);
                if (heard != null && open) {
                    for (PGNotification notification : heard) {
                        senders.add(roleOf(notification.getPID()));
                    }
                }
            }
        } catch (SQLException e) {
            if (running) {
                Out.progress("the benchmark's listener failed, the notification counts stop here: " + e.getMessage());
            }
        }
    }

    /** @return the role of the backend that sent a notification, which is still connected: a channel's */
    private String roleOf(int backend) throws SQLException {
        String role = roleOfBackend.get(backend);
        if (role == null) {
            try (PreparedStatement statement = listener.prepareStatement("SELECT usename FROM pg_stat_activity WHERE pid = ?")) {
                statement.setInt(1, backend);
                try (ResultSet rows = statement.executeQuery()) {
                    role = rows.next() ? rows.getString(1) : "(gone)";
                }
            }
            roleOfBackend.put(backend, role);
        }
        return role;
    }

    private void probe() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement renew = connection.prepareStatement(RENEW_LEASE)) {
            connection.setAutoCommit(false);
            renew.setInt(1, PROBE_LEASE_SEC);
            renew.setString(2, PROBE);
            while (running) {
                long start = System.nanoTime();
                try (ResultSet renewed = renew.executeQuery()) {
                    renewed.next();
                }
                connection.commit();
                if (open) {
                    roundTrips.add(System.nanoTime() - start);
                }
                windowOpened.tryAcquire(RENEW_SEC, TimeUnit.SECONDS);
            }
        } catch (SQLException e) {
            Out.progress("the lease probe failed, its round trips stop here: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        probing.interrupt();
        listening.join();
        probing.join();
        listener.close();
        Sql.execute(jdbcUrl, "DELETE FROM analytics_node WHERE node_id = '" + PROBE + "'");
    }
}
