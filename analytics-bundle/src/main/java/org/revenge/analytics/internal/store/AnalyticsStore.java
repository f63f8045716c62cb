package org.revenge.analytics.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.type.TypeAliasRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.db.ConnectionPool;
import org.revenge.analytics.internal.db.MigratedDatabase;
import org.revenge.analytics.internal.util.Failures;
import org.revenge.analytics.spi.ClientTypeShare;
import org.revenge.analytics.spi.DailyActivity;
import org.revenge.analytics.spi.DailyUsers;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.LibraryDay;
import org.revenge.analytics.spi.MetricHour;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlayMethodShare;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.spi.StorageUnavailableException;


/**
 * MyBatis over the migrated database: opens a session per unit of work, and turns every
 * database failure into a {@link StorageUnavailableException} that says what could not be done.
 * No connection is held between calls. With a read replica configured ({@code jdbc.read.url}), the
 * queries ({@link #query}, {@link #queryAbout}) read it while it is well and caught up; every other
 * read, and every write, is on the primary (docs/SCALING.md).
 */
@Component(service = AnalyticsStore.class)
public final class AnalyticsStore {

    /** Answers kept for repeated questions: bounded, and dropped whenever a write commits. */
    private static final int CACHED_ANSWERS = 2_000;
    /** Also dropped after this long, so nothing outlives a change made by another node. */
    private static final long CACHE_LIFETIME_SEC = 30;

    /**
     * One file per rollup table under {@code store/rollup/}: what adds to the table, checks it
     * against the raw plays, erases a user from it and expires it, as SQL fragments that the
     * mappers' statements include (docs/ROLLUPS.md). Loaded before the mappers that include them.
     */
    static final List<String> ROLLUPS = List.of("MediaStatsDaily", "LibraryActivityDaily", "MediaStatsPeriod",
            "PlayBreakdownDaily", "UserClientRecency", "UserActivityDaily", "MediaUserRecency", "UserRecency", "TrendingItems");

    /** How often the read replica's lag is checked. */
    static final Duration REPLICA_CHECK_EVERY = Duration.ofSeconds(1);
    /**
     * How long a measure of the tables' size on disk is given out again: measuring looks at every
     * file of every partition and index (10 ms on 90 days of partitions), and the console page asks
     * for it at every load.
     */
    static final Duration SIZE_KEPT = Duration.ofMinutes(1);

    private final SqlSessionFactory sessions;
    /** The read replica the queries read, {@code null} for none. */
    private volatile ReadReplica replica;
    /** Users whose latest privacy change the replica has not replayed yet; kept across a replaced replica. */
    private final Map<UUID, ReadReplica.PrivacyChange> privacyChanges = ReadReplica.newChanges();
    private final Cache<Object, Object> answers = Caffeine.newBuilder()
            .maximumSize(CACHED_ANSWERS)
            .expireAfterWrite(Duration.ofSeconds(CACHE_LIFETIME_SEC))
            .build();
    private final AtomicLong changes = new AtomicLong();
    private volatile Runnable writeListener = () -> { };
    /** The latest measure of the tables' size, and when it was taken ({@link System#nanoTime}); null before the first. */
    private volatile MeasuredSize size;

    private record MeasuredSize(long bytes, long measuredAtNanos) {
    }

    @Activate
    public AnalyticsStore(@Reference MigratedDatabase database) {
        this(database.dataSource());
    }

    private AnalyticsStore(DataSource dataSource) {
        this.sessions = build(dataSource);
    }

    /**
     * Binds the read replica's pool that {@code ConnectionPool} registers when {@code jdbc.read.url} is
     * set: from then on the queries read it while it is well. Dynamic, so that adding, changing or
     * removing a replica never takes the store (and recording) away.
     */
    @Reference(name = "readPool", service = DataSource.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + AnalyticsConfiguration.POOL_PROPERTY + "=" + ConnectionPool.READ_POOL + ")")
    void bindReadPool(DataSource pool, Map<String, Object> properties) {
        Object maxLag = properties.get(ConnectionPool.READ_MAX_LAG_PROPERTY);
        readFrom(pool, String.valueOf(properties.get(ConnectionPool.READ_SERVER_PROPERTY)),
                Duration.ofSeconds(maxLag instanceof Number seconds ? seconds.longValue() : 30), REPLICA_CHECK_EVERY);
    }

    void unbindReadPool(DataSource pool) {
        readFromPrimaryOnly();
    }

    /**
     * Lets the queries read a replica (tests, the benchmark; in a framework, {@code jdbc.read.url}).
     *
     * @param pool       read-only connections to the replica
     * @param server     its server and database, for the log and the health check
     * @param maxLag     further behind the primary than this, the queries read the primary
     * @param checkEvery time between checks of its lag
     */
    public synchronized void readFrom(DataSource pool, String server, Duration maxLag, Duration checkEvery) {
        readFromPrimaryOnly();
        replica = new ReadReplica(build(pool), sessions, server, maxLag, privacyChanges, checkEvery);
    }

    /** Every query reads the primary again, and the replica's check stops. */
    @Deactivate
    public synchronized void readFromPrimaryOnly() {
        ReadReplica previous = replica;
        replica = null;
        if (previous != null) {
            previous.close();
        }
    }

    /** @return where the queries read from, for the system figures and the health check */
    public ReadReplicaStats readReplicaStats() {
        ReadReplica current = replica;
        return current == null ? ReadReplicaStats.NONE : current.stats();
    }

    /**
     * Checks the replica's lag at once rather than at the next second (tests).
     *
     * @return where the queries read from after the check
     */
    public ReadReplicaStats checkReplicaNow() {
        ReadReplica current = replica;
        if (current != null) {
            current.check();
        }
        return readReplicaStats();
    }

    /**
     * A store outside a framework (tests, the benchmark). A factory rather than a second public
     * constructor, so that DS sees exactly one constructor to inject.
     *
     * @param dataSource a database whose schema is up to date
     */
    public static AnalyticsStore over(DataSource dataSource) {
        return new AnalyticsStore(dataSource);
    }

    private static SqlSessionFactory build(DataSource dataSource) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // MyBatis resolves names through the context class loader; in OSGi that must be ours.
        thread.setContextClassLoader(AnalyticsStore.class.getClassLoader());
        try {
            Configuration configuration = new Configuration(
                    new Environment("revenge-analytics", new ConnectingTransactionFactory(), dataSource));
            configuration.setMapUnderscoreToCamelCase(true);
            configuration.setObjectFactory(new ConstructorCache());
            configuration.getTypeHandlerRegistry().register(UUID.class, new UuidTypeHandler());
            configuration.getTypeHandlerRegistry().register(MediaType.class, new MediaTypeHandler());
            configuration.getTypeHandlerRegistry().register(PlayMethod.class, new PlayMethodHandler());
            // whole columns of a batch, bound as one array each
            arrays(configuration, UUID[].class, "uuid");
            arrays(configuration, Long[].class, "int8");
            arrays(configuration, Integer[].class, "int4");
            arrays(configuration, Short[].class, "int2");
            arrays(configuration, Boolean[].class, "bool");
            arrays(configuration, String[].class, "varchar");
            arrays(configuration, Double[].class, "float8");
            // Result types are registered from Java so that no class is loaded by name.
            TypeAliasRegistry aliases = configuration.getTypeAliasRegistry();
            aliases.registerAlias("MediaStats", MediaStats.class);
            aliases.registerAlias("DailyActivity", DailyActivity.class);
            aliases.registerAlias("JobRun", JobRun.class);
            aliases.registerAlias("MetricHour", MetricHour.class);
            aliases.registerAlias("LibraryDay", LibraryDay.class);
            aliases.registerAlias("DailyUsers", DailyUsers.class);
            aliases.registerAlias("LibrarySnapshot", LibrarySnapshot.class);
            aliases.registerAlias("SystemTotals", SystemTotals.class);
            aliases.registerAlias("SessionRow", SessionRow.class);
            aliases.registerAlias("JournalCheckpoint", JournalCheckpoint.class);
            aliases.registerAlias("UserDayRow", UserDayRow.class);
            aliases.registerAlias("PeriodState", PeriodState.class);
            aliases.registerAlias("TrendingCount", PlaybackMapper.TrendingCount.class);
            aliases.registerAlias("ActiveUsersPart", PlaybackMapper.ActiveUsersPart.class);
            aliases.registerAlias("ItemsAndHours", RollupMapper.ItemsAndHours.class);
            aliases.registerAlias("UsersAndClients", RollupMapper.UsersAndClients.class);
            aliases.registerAlias("PlaybackEvent", PlaybackEvent.class);
            aliases.registerAlias("WeekdayHourRow", BreakdownMapper.WeekdayHourRow.class);
            aliases.registerAlias("CompletionRow", BreakdownMapper.CompletionRow.class);
            aliases.registerAlias("HourPlays", BreakdownMapper.HourPlays.class);
            aliases.registerAlias("UserBreakdownRow", BreakdownMapper.UserBreakdownRow.class);
            aliases.registerAlias("DaysBreakdownRow", BreakdownMapper.DaysBreakdownRow.class);
            aliases.registerAlias("ClientTypeShare", ClientTypeShare.class);
            aliases.registerAlias("PlayMethodShare", PlayMethodShare.class);
            aliases.registerAlias("PeakStreams", PeakStreams.class);
            aliases.registerAlias("PlayRecord", PlayRecord.class);
            aliases.registerAlias("ItemLastPlayed", PrivacyMapper.ItemLastPlayed.class);
            aliases.registerAlias("ImportTotals", ImportMapper.ImportTotals.class);
            aliases.registerAlias("ImportRunRow", ImportMapper.ImportRunRow.class);
            aliases.registerAlias("QuarantinedRecord", QuarantinedRecord.class);
            aliases.registerAlias("YearDayRow", YearMapper.DayRow.class);
            aliases.registerAlias("YearHourRow", YearMapper.HourRow.class);
            aliases.registerAlias("YearBounds", YearMapper.Bounds.class);
            aliases.registerAlias("DeadNode", NodeMapper.DeadNode.class);
            aliases.registerAlias("Erasure", NodeMapper.Erasure.class);
            aliases.registerAlias("RecordingSwitch", NodeMapper.RecordingSwitch.class);
            for (String rollup : ROLLUPS) {
                rollupFragments(configuration, rollup);
            }
            // next: their fragments are included by PlaybackMapper's and RollupMapper's statements
            configuration.addMapper(MediaYearMapper.class);
            configuration.addMapper(ServerYearMapper.class);
            configuration.addMapper(UserItemMapper.class);
            configuration.addMapper(PlayMethodMapper.class);
            configuration.addMapper(PlaybackMapper.class);
            configuration.addMapper(YearMapper.class);
            configuration.addMapper(LibraryMapper.class);
            configuration.addMapper(SystemMapper.class);
            configuration.addMapper(IngestMapper.class);
            configuration.addMapper(JobMapper.class);
            configuration.addMapper(RollupMapper.class);
            configuration.addMapper(BreakdownMapper.class);
            configuration.addMapper(PrivacyMapper.class);
            configuration.addMapper(ImportMapper.class);
            configuration.addMapper(QuarantineMapper.class);
            configuration.addMapper(ItemMapper.class);
            configuration.addMapper(DailyUsersMapper.class);
            configuration.addMapper(PeakStreamsMapper.class);
            configuration.addMapper(NodeMapper.class);
            configuration.addMapper(ReplicaMapper.class);
            return new SqlSessionFactoryBuilder().build(configuration);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void rollupFragments(Configuration configuration, String rollup) {
        String resource = "org/revenge/analytics/internal/store/rollup/" + rollup + ".xml";
        try (InputStream in = AnalyticsStore.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks " + resource);
            }
            new XMLMapperBuilder(in, configuration, resource, configuration.getSqlFragments()).parse();
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + resource, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void arrays(Configuration configuration, Class<? extends Object[]> type, String elementType) {
        configuration.getTypeHandlerRegistry().register((Class<Object[]>) type, new SqlArrayTypeHandler(elementType));
    }

    /**
     * Runs a read in its own session.
     *
     * @param what   what is being read, for the error message ("read the most watched items")
     * @param mapper the mapper to read with
     * @param query  the read
     * @return what the read returned
     * @throws StorageUnavailableException if the database failed
     */
    public <M, T> T read(String what, Class<M> mapper, Function<M, T> query) {
        try (SqlSession session = sessions.openSession()) {
            return query.apply(session.getMapper(mapper));
        } catch (PersistenceException e) {
            throw unavailable(what, e);
        }
    }

    /**
     * Runs a query: a read that answers a question and feeds no write. It reads the replica while
     * one is configured, answers and is caught up to within {@code jdbc.read.max.lag.sec}; else, and
     * should it fail on the replica, the primary. Anything read to decide a write uses {@link #read}.
     *
     * @throws StorageUnavailableException if the primary failed too
     */
    public <M, T> T query(String what, Class<M> mapper, Function<M, T> query) {
        ReadReplica current = replica;
        return current != null && current.inUse() ? onReplica(current, what, mapper, query) : read(what, mapper, query);
    }

    /**
     * A query about one user's own data (their page, their history): as {@link #query}, except that
     * after the user's opt-out, opt-in, erasure or "keep my year" change ({@link #privacyChanged}) it
     * reads the primary until the replica has replayed that change.
     */
    public <M, T> T queryAbout(UUID user, String what, Class<M> mapper, Function<M, T> query) {
        ReadReplica current = replica;
        return current != null && current.inUseFor(user) ? onReplica(current, what, mapper, query) : read(what, mapper, query);
    }

    private <M, T> T onReplica(ReadReplica current, String what, Class<M> mapper, Function<M, T> query) {
        try (SqlSession session = current.sessions().openSession()) {
            return query.apply(session.getMapper(mapper));
        } catch (PersistenceException e) {
            // logged once; nothing was written, so the primary answers instead
            current.failed(what, e);
        }
        return read(what, mapper, query);
    }

    /**
     * Says that a user's opt-out, opt-in, erasure or "keep my year" is about to change or has
     * changed, here or on another node: their own queries read the primary until the replica has
     * replayed the primary's log up to a position read after this call. Call it before the change
     * and again once it has committed. No I/O.
     */
    public void privacyChanged(UUID user) {
        ReadReplica.changed(privacyChanges, user);
    }

    /**
     * The bytes the plugin's tables and indexes take on disk, as measured at most {@link #SIZE_KEPT}
     * ago (by this call, by {@link #measureDatabaseSize} or by the metrics sampler's).
     *
     * @throws StorageUnavailableException if the database failed
     */
    public long databaseSize() {
        MeasuredSize known = size;
        return known != null && System.nanoTime() - known.measuredAtNanos() < SIZE_KEPT.toNanos() ? known.bytes()
                : measureDatabaseSize();
    }

    /**
     * Measures the bytes the plugin's tables and indexes take on disk now, and keeps the measure for
     * {@link #databaseSize}.
     *
     * @throws StorageUnavailableException if the database failed
     */
    public long measureDatabaseSize() {
        long bytes = read("measure the database", SystemMapper.class, SystemMapper::databaseSize);
        size = new MeasuredSize(bytes, System.nanoTime());
        return bytes;
    }

    /**
     * A read whose answer is kept for the same question until the data changes: a write of this
     * node commits, another node tells of its writes ({@link #changedElsewhere()}), or
     * {@value #CACHE_LIFETIME_SEC} seconds pass (should that notification be lost).
     *
     * @param question everything the answer depends on (a record of the query's name and
     *                 arguments); windows that move with the clock must not be cached
     */
    @SuppressWarnings("unchecked")
    public <T> T cached(Object question, Supplier<T> read) {
        Object known = answers.getIfPresent(question);
        if (known != null) {
            return (T) known;
        }
        long before = changes.get();
        T answer = read.get();
        if (changes.get() == before) {
            // not kept if a write committed meanwhile: the answer may predate it
            answers.put(question, answer);
        }
        return answer;
    }

    /**
     * Runs a write in its own transaction and commits it; on failure nothing of it is kept.
     *
     * @return what the write returned
     * @throws StorageUnavailableException if the database failed
     */
    public <M, T> T write(String what, Class<M> mapper, Function<M, T> update) {
        T result = writeState(what, mapper, update);
        changed();
        return result;
    }

    /**
     * Runs many writes as one JDBC batch in one transaction, and commits it; on failure nothing
     * of it is kept.
     *
     * @param work the writes, through the session's mappers
     * @throws StorageUnavailableException if the database failed
     */
    public void writeBatch(String what, Consumer<SqlSession> work) {
        try (SqlSession session = sessions.openSession(ExecutorType.BATCH, false)) {
            work.accept(session);
            session.flushStatements();
            session.commit(true);
            changed();
        } catch (PersistenceException e) {
            throw unavailable(what, e);
        }
    }

    /**
     * Runs writes through several mappers in one transaction and commits it; on failure nothing of
     * it is kept.
     *
     * @param work the writes, through the session's mappers
     * @return what the work returned
     * @throws StorageUnavailableException if the database failed
     */
    public <T> T transaction(String what, Function<SqlSession, T> work) {
        T result = writeState(what, work);
        changed();
        return result;
    }

    /**
     * A write that changes no answer (a node's lease, the adoption of open sessions): committed
     * like {@link #write}, but kept answers stay and no other node is told.
     */
    public <M, T> T writeState(String what, Class<M> mapper, Function<M, T> update) {
        return writeState(what, session -> update.apply(session.getMapper(mapper)));
    }

    /** Writes through several mappers in one transaction that changes no answer, like {@link #writeState(String, Class, Function)}. */
    public <T> T writeState(String what, Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = work.apply(session);
            session.commit(true);
            return result;
        } catch (PersistenceException e) {
            throw unavailable(what, e);
        }
    }

    /** A read that writes what it reads somewhere else, which may fail. */
    @FunctionalInterface
    public interface StreamingRead<T> {
        T read(SqlSession session) throws IOException;
    }

    /**
     * Runs reads in one read-only transaction that sees one snapshot of the data, for reads that
     * stream many rows through a {@link org.apache.ibatis.cursor.Cursor} (which PostgreSQL serves
     * a page at a time only inside a transaction). Nothing is written, so nothing is committed.
     *
     * @throws IOException                 if the work failed to write what it read
     * @throws StorageUnavailableException if the database failed
     */
    public <T> T readSnapshot(String what, StreamingRead<T> work) throws IOException {
        try (SqlSession session = sessions.openSession(false)) {
            session.getMapper(PrivacyMapper.class).readOnlySnapshot();
            return work.read(session);
        } catch (PersistenceException e) {
            throw unavailable(what, e);
        } catch (RuntimeException e) {
            // a cursor reports a failed fetch as a bare RuntimeException around the SQLException
            if (e.getCause() instanceof SQLException) {
                throw new StorageUnavailableException("Cannot " + what + ": the analytics database failed ("
                        + Failures.rootMessage(e) + ")", e);
            }
            throw e;
        }
    }

    /**
     * Drops every kept answer. Writes through this store call it themselves; call it after
     * changing the data some other way (a benchmark's bulk load, a test's plain SQL).
     */
    public void changed() {
        changedElsewhere();
        writeListener.run();
    }

    /**
     * Drops every kept answer because another node wrote (docs/NODES.md); unlike {@link #changed()}
     * it does not tell the other nodes.
     */
    public void changedElsewhere() {
        changes.incrementAndGet();
        answers.invalidateAll();
    }

    /**
     * @param listener told after every write this store commits (it must not block), so that the
     *                 other nodes drop their kept answers; {@code null} for none
     */
    public void onWrite(Runnable listener) {
        writeListener = listener == null ? () -> { } : listener;
    }

    /**
     * Runs statements on a connection the caller holds (the node channel's, which listens), in the
     * connection's own transaction mode.
     *
     * @throws StorageUnavailableException if the database failed
     */
    public <M, T> T onConnection(Connection connection, String what, Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions.openSession(connection)) {
            return work.apply(session.getMapper(mapper));
        } catch (PersistenceException e) {
            throw unavailable(what, e);
        }
    }

    private static StorageUnavailableException unavailable(String what, PersistenceException failure) {
        return new StorageUnavailableException(
                "Cannot " + what + ": the analytics database failed (" + Failures.rootMessage(failure) + ")", failure);
    }
}
