package org.revenge.analytics.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The plugin's one configuration, PID {@value #PID}. Every component of the bundle reads the
 * attributes it needs from it; nothing starts until it exists.
 */
@ObjectClassDefinition(
        id = AnalyticsConfiguration.PID,
        name = "Revenge Analytics",
        description = "Privacy-respecting usage analytics, stored in PostgreSQL on this machine only.")
public @interface AnalyticsConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics";

    /** The service property our own pool carries, which {@link #dataSource_target()} selects by default. */
    String POOL_PROPERTY = "revenge.analytics.pool";

    @AttributeDefinition(name = "Enabled",
            description = "Record plays and run jobs. When off, stored figures can still be read.")
    boolean enabled() default true;

    @AttributeDefinition(name = "JDBC URL",
            description = "PostgreSQL to connect to, for example jdbc:postgresql://127.0.0.1:5432/revenge. "
                    + "Leave empty to use a DataSource service of the host instead (see dataSource.target).")
    String jdbc_url() default "";

    @AttributeDefinition(name = "JDBC user", description = "Database user; empty to take it from the URL.")
    String jdbc_user() default "";

    @AttributeDefinition(name = "JDBC password", type = AttributeType.PASSWORD,
            description = "Database password; empty to take it from the URL or from .pgpass.")
    String jdbc_password() default "";

    @AttributeDefinition(name = "Pool size", min = "1", max = "100",
            description = "Most connections the plugin's own pool opens (1 to 100).")
    int jdbc_pool_size() default 5;

    @AttributeDefinition(name = "Export pool size", min = "1", max = "20",
            description = "Connections of a pool of their own for exports (1 to 20), so that a slow client reading "
                    + "an export never holds a connection the writer needs; as many exports run at once.")
    int jdbc_export_pool_size() default 2;

    @AttributeDefinition(name = "Export idle timeout (s)", min = "10", max = "86400",
            description = "An export whose client reads nothing for this many seconds is ended (10 to 86400), so that "
                    + "no reader holds the raw plays, and the nightly partition changes, for longer.")
    int export_idle_timeout_sec() default 300;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "300",
            description = "Seconds to wait for a database connection before the call fails (1 to 300).")
    int jdbc_connect_timeout_sec() default 5;

    @AttributeDefinition(name = "DataSource target",
            description = "LDAP filter selecting the javax.sql.DataSource service to use. The default selects "
                    + "the pool built from jdbc.url; name a host DataSource, e.g. (dataSourceName=revenge), to use it.")
    String dataSource_target() default "(" + POOL_PROPERTY + "=true)";

    @AttributeDefinition(name = "Read replica JDBC URL",
            description = "A streaming replica of the database (or the database itself through a read-only role) for the "
                    + "queries, e.g. jdbc:postgresql://replica.local:5432/revenge. Empty: every query reads the primary. "
                    + "Recording, jobs, imports, privacy and admin actions always use the primary. See docs/SCALING.md.")
    String jdbc_read_url() default "";

    @AttributeDefinition(name = "Read replica JDBC user", description = "Database user on the replica; empty: jdbc.user.")
    String jdbc_read_user() default "";

    @AttributeDefinition(name = "Read replica JDBC password", type = AttributeType.PASSWORD,
            description = "Database password on the replica; empty: jdbc.password (or the URL's, or .pgpass).")
    String jdbc_read_password() default "";

    @AttributeDefinition(name = "Read replica pool size", min = "1", max = "50",
            description = "Most connections the pool for the replica opens (1 to 50).")
    int jdbc_read_pool_size() default 3;

    @AttributeDefinition(name = "Read replica largest lag (s)", min = "1", max = "3600",
            description = "While the replica is more than this many seconds behind the primary, the queries read the "
                    + "primary (1 to 3600).")
    int jdbc_read_max_lag_sec() default 30;

    @AttributeDefinition(name = "Time zone",
            description = "IANA time zone that days and hours are counted in, e.g. Europe/Berlin. Empty: the JVM's zone.")
    String timezone() default "";

    @AttributeDefinition(name = "Raw event retention (days)", min = "0", max = "36525",
            description = "Days that individual plays are kept (whole daily partitions are dropped); older plays "
                    + "are refused on arrival. 0 keeps them forever.")
    int retention_raw_days() default 90;

    @AttributeDefinition(name = "User activity retention (days)", min = "0", max = "36525",
            description = "Days that per-user daily activity is kept. 0 keeps it forever.")
    int retention_user_activity_days() default 30;

    @AttributeDefinition(name = "System metrics retention (days)", min = "0", max = "36525",
            description = "Days that hourly system metrics are kept. 0 keeps them forever.")
    int retention_system_metrics_days() default 7;

    @AttributeDefinition(name = "Daily aggregates retention (days)", min = "0", max = "36525",
            description = "Days that per-media daily rollups are kept: 0 keeps them forever, otherwise at least 365 "
                    + "(the ranking periods read them). Library snapshots are always kept.")
    int retention_daily_aggregates_days() default 365;

    @AttributeDefinition(name = "Aggregation schedule",
            description = "Cron expression (minute hour day-of-month month day-of-week, in the configured time zone) "
                    + "at which each finished day is aggregated and retention applied.")
    String aggregation_schedule() default "0 3 * * *";

    @AttributeDefinition(name = "Shortest video play (s)", min = "0", max = "3600",
            description = "Seconds of watching below which a movie, episode or other video is not counted as a play.")
    int rules_min_video_sec() default 60;

    @AttributeDefinition(name = "Shortest audio play (s)", min = "0", max = "3600",
            description = "Seconds of listening below which a track or audiobook is not counted as a play.")
    int rules_min_audio_sec() default 15;

    @AttributeDefinition(name = "Completed at (%)", min = "1", max = "100",
            description = "A play is completed when its furthest position reaches this share of the runtime.")
    int rules_completed_percent() default 90;

    @AttributeDefinition(name = "Resume window (min)", min = "0", max = "1440",
            description = "Starting the same item again within this many minutes after an incomplete play "
                    + "continues that play instead of counting a new one. 0 turns resuming off.")
    int rules_resume_window_min() default 60;

    @AttributeDefinition(name = "Idle timeout (min)", min = "1", max = "1440",
            description = "A session with no progress and no stop for this many minutes is closed at its last known position.")
    int rules_idle_timeout_min() default 30;

    @AttributeDefinition(name = "Ingest queue capacity", min = "1000", max = "10000000",
            description = "Events held in memory for the writer, which empties them into the journal whether or not the "
                    + "database is there. It fills only while the journal cannot be written; a new event is then refused "
                    + "and counted (queue: full). What a killed JVM can lose is what was still in memory.")
    int ingest_queue_capacity() default 100_000;

    @AttributeDefinition(name = "Ingest batch size", min = "1", max = "100000",
            description = "Most events journaled and written to PostgreSQL in one transaction.")
    int ingest_batch_size() default 5_000;

    @AttributeDefinition(name = "Ingest memory bound (events)", min = "1000", max = "10000000",
            description = "Most events the writer holds in memory, applied but not yet in PostgreSQL. While the "
                    + "database is away longer than that, the writer lets go of them and everything waits in the journal "
                    + "on disk; once the database is back the journal is replayed in batches.")
    int ingest_memory_max_events() default 50_000;

    @AttributeDefinition(name = "Journal sync", options = {
            @Option(value = "batch", label = "After every batch (a power loss loses nothing journaled)"),
            @Option(value = "interval", label = "At most every sync interval (a power loss loses at most that interval)"),
            @Option(value = "never", label = "Never (the operating system decides; about 35 s on Linux)")},
            description = "When the journal is forced to the disk. A killed process loses nothing journaled in any mode; "
                    + "this decides what a power loss or a kernel crash can take. See docs/RELIABILITY.md.")
    String journal_sync() default "interval";

    @AttributeDefinition(name = "Journal sync interval (ms)", min = "10", max = "60000",
            description = "With journal.sync = interval, the longest time journaled events wait for a sync to disk.")
    int journal_sync_interval_ms() default 1000;

    @AttributeDefinition(name = "Allowed clock skew (s)", min = "0", max = "86400",
            description = "Seconds that a time in an event or call (a play's start or end, a scan) may lie after this "
                    + "machine's now, for hosts whose clock runs ahead; later times are refused, naming the field (0 to 86400).")
    int ingest_clock_skew_sec() default 300;

    @AttributeDefinition(name = "Excluded users",
            description = "Ids (UUIDs) of users whose plays are never recorded: their events are dropped as they arrive. "
                    + "Several ids may be given as a list or separated by commas.")
    String[] privacy_excluded_users() default {};

    @AttributeDefinition(name = "Excluded libraries",
            description = "Ids (UUIDs) of libraries whose plays and scans are never recorded: their events are dropped as "
                    + "they arrive. Several ids may be given as a list or separated by commas.")
    String[] privacy_excluded_libraries() default {};

    @AttributeDefinition(name = "Compare users in a year in review",
            description = "Whether a user's year in review may show their share of the server's plays. Off, no figure a user "
                    + "sees compares them with anyone else.")
    boolean year_review_compare_users() default false;

    @AttributeDefinition(name = "Metrics sampling interval (s)", min = "1", max = "3600",
            description = "Seconds between samples of the system metrics (JVM, ingest, database, host gauges).")
    int metrics_sample_sec() default 60;

    @AttributeDefinition(name = "Node id",
            description = "Names this node (this JVM's plugin) among several that record into one database: up to 64 "
                    + "letters, digits, '.', '_' or '-'. Empty: the id of this node's journal, a UUID generated once and "
                    + "kept in the bundle's data area. A label, not a host name or address. Taken at the bundle's start.")
    String node_id() default "";

    @AttributeDefinition(name = "Node lease (s)", min = "2", max = "600",
            description = "Seconds after its last renewal that a node counts as dead (2 to 600): another node then adopts "
                    + "its open sessions. A node stopped for longer than this hands its open sessions over.")
    int node_lease_sec() default 30;

    @AttributeDefinition(name = "Node lease renewal (s)", min = "1", max = "300",
            description = "Seconds between renewals of this node's lease, and between looks for dead nodes (1 to 300; "
                    + "at most half of node.lease.sec, so that one late renewal does not lose the lease).")
    int node_lease_renew_sec() default 5;
}
