package org.revenge.analytics.internal.service;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.ibatis.cursor.Cursor;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.db.ConnectionPool;
import org.revenge.analytics.internal.db.MigratedDatabase;
import org.revenge.analytics.internal.export.ExportReads;
import org.revenge.analytics.internal.export.JsonWriter;
import org.revenge.analytics.internal.export.PlayFormat;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.names.HostNames;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.BreakdownMapper;
import org.revenge.analytics.internal.store.LibraryMapper;
import org.revenge.analytics.internal.store.MediaYearMapper;
import org.revenge.analytics.internal.store.PeakStreamsMapper;
import org.revenge.analytics.internal.store.PlayMethodMapper;
import org.revenge.analytics.internal.store.PeriodState;
import org.revenge.analytics.internal.store.PrivacyMapper;
import org.revenge.analytics.internal.store.QuarantineMapper;
import org.revenge.analytics.internal.store.RollupMapper;
import org.revenge.analytics.internal.store.ServerYearMapper;
import org.revenge.analytics.internal.store.SessionRow;
import org.revenge.analytics.internal.store.UserDayRow;
import org.revenge.analytics.internal.store.UserItemMapper;
import org.revenge.analytics.internal.store.YearMapper;
import org.revenge.analytics.internal.util.Arguments;
import org.revenge.analytics.internal.nodes.NodeChannel;
import org.revenge.analytics.internal.store.NodeMapper;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.UserErasure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AnalyticsAdmin} over PostgreSQL, registered next to {@link LocalAnalyticsService} and,
 * like it, only once the schema is migrated (it requires the {@link AnalyticsStore}).
 */
@Component(configurationPid = AnalyticsConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LocalAnalyticsAdmin implements AnalyticsAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAnalyticsAdmin.class);

    /** How many times the time a page's plays take at their hour's rate is read first (a day's plays, {@link #getPlaysOn}). */
    private static final int PAGE_SPAN_MARGIN = 4;
    /** How long other nodes are told of an erasure in {@code user_erasure_fence} (docs/NODES.md). */
    private static final Duration ERASURE_FENCE_KEPT = Duration.ofDays(7);
    /** How long an erasure waits for the writer to let go of the user. */
    private static final Duration ERASE_WAIT = Duration.ofSeconds(30);
    /** A long export says how far it got every so many plays. */
    static final long PROGRESS_EVERY = 100_000;
    private static final String ENABLED = "enabled";

    private final AnalyticsStore store;
    private final ExportReads exports;
    private final IngestPipeline pipeline;
    private final Object optOutOrder = new Object();
    private final JobRunner jobs;
    private final ConfigurationAdmin configAdmin;
    private final Clock clock;
    private final AnalyticsNames names;
    private volatile Settings settings;

    /**
     * @param exportPool the plugin's pool for exports, if it has its own pool (see {@link ExportReads})
     */
    @Activate
    public LocalAnalyticsAdmin(@Reference AnalyticsStore store, @Reference MigratedDatabase database,
            @Reference(target = "(" + AnalyticsConfiguration.POOL_PROPERTY + "=" + ConnectionPool.EXPORT_POOL + ")",
                    cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) DataSource exportPool,
            @Reference IngestPipeline pipeline, @Reference JobRunner jobs, @Reference ConfigurationAdmin configAdmin,
            @Reference AnalyticsNames names, AnalyticsConfiguration config) {
        this(store, ExportReads.configured(database, exportPool, config), pipeline, jobs, configAdmin, Settings.from(config),
                Clock.systemUTC(), names);
    }

    /**
     * For use outside a framework (tests), exports reading through the same store, two at a time;
     * {@code configAdmin} may be {@code null} there, and then the settings say whether it records.
     */
    public LocalAnalyticsAdmin(AnalyticsStore store, IngestPipeline pipeline, JobRunner jobs, ConfigurationAdmin configAdmin,
            Settings settings, Clock clock) {
        this(store, new ExportReads(store, 2, Duration.ofMinutes(5)), pipeline, jobs, configAdmin, settings, clock, HostNames.none());
    }

    /** For use outside a framework (tests), with exports on a budget of their own and the names the exports write. */
    public static LocalAnalyticsAdmin withExports(AnalyticsStore store, ExportReads exports, IngestPipeline pipeline, JobRunner jobs,
            ConfigurationAdmin configAdmin, Settings settings, Clock clock, AnalyticsNames names) {
        return new LocalAnalyticsAdmin(store, exports, pipeline, jobs, configAdmin, settings, clock, names);
    }

    /** Private: Declarative Services must see one public constructor of the @Activate one's length. */
    private LocalAnalyticsAdmin(AnalyticsStore store, ExportReads exports, IngestPipeline pipeline, JobRunner jobs,
            ConfigurationAdmin configAdmin, Settings settings, Clock clock, AnalyticsNames names) {
        this.names = names;
        this.store = store;
        this.exports = exports;
        this.pipeline = pipeline;
        this.jobs = jobs;
        this.configAdmin = configAdmin;
        this.settings = settings;
        this.clock = clock;
    }

    /** Takes a new configuration (enabled, zone, exclusions) without going away. */
    @Modified
    void modified(AnalyticsConfiguration config) {
        Settings.ofChange(config).ifPresent(changed -> settings = changed);
    }

    @Override
    public boolean isEnabled() {
        Object value = configuration().map(Configuration::getProperties).map(properties -> properties.get(ENABLED)).orElse(null);
        if (value == null) {
            return settings.enabled();
        }
        return value instanceof Boolean flag ? flag : Boolean.parseBoolean(value.toString().strip());
    }

    @Override
    public void setEnabled(boolean enabled) {
        if (configAdmin == null) {
            throw new ConfigurationNotWritten("Cannot switch analytics " + (enabled ? "on" : "off")
                    + ": no ConfigurationAdmin service", null);
        }
        Configuration configuration = configuration().orElseThrow(() -> new ConfigurationNotWritten(
                "Cannot switch analytics " + (enabled ? "on" : "off") + ": configuration " + AnalyticsConfiguration.PID
                        + " does not exist", null));
        Dictionary<String, Object> properties = configuration.getProperties();
        properties.put(ENABLED, enabled);
        try {
            // the other attributes are kept as they are; in Karaf, fileinstall writes the change back to the .cfg
            if (configuration.updateIfDifferent(properties)) {
                LOG.info("Analytics is switched {} through the admin service (enabled={} in {})", enabled ? "on" : "off",
                        enabled, AnalyticsConfiguration.PID);
            }
            // every other node applies it to its own configuration when it hears of it (docs/NODES.md)
            store.transaction("tell the other nodes of the recording switch", session -> {
                NodeMapper nodes = session.getMapper(NodeMapper.class);
                nodes.switchRecording(enabled);
                return nodes.notifyNodes(NodeChannel.RECORDING);
            });
        } catch (IOException e) {
            throw new ConfigurationNotWritten("Cannot switch analytics " + (enabled ? "on" : "off") + ": configuration "
                    + AnalyticsConfiguration.PID + " could not be written (" + e.getMessage() + ")", e);
        }
    }

    private Optional<Configuration> configuration() {
        if (configAdmin == null) {
            return Optional.empty();
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + AnalyticsConfiguration.PID + ")");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | InvalidSyntaxException e) {
            throw new ConfigurationNotWritten("Cannot read configuration " + AnalyticsConfiguration.PID + " (" + e.getMessage() + ")", e);
        }
    }

    /** The plugin's configuration could not be read or written. */
    static final class ConfigurationNotWritten extends AnalyticsException {
        private static final long serialVersionUID = 1L;

        ConfigurationNotWritten(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    @Deprecated
    public List<LibraryStats> getLibraries() {
        return LocalAnalyticsService.libraries(store, LocalDate.now(clock.withZone(settings.zone())));
    }

    @Override
    public List<String> getJobKinds() {
        return JobRunner.KINDS;
    }

    @Override
    public JobRun runJobNow(String kind) {
        Arguments.required("kind", kind);
        if (!JobRunner.KINDS.contains(kind)) {
            throw new InvalidInputException("kind", "must be one of " + String.join(", ", JobRunner.KINDS) + ", was '" + kind + "'");
        }
        // the saved configuration, as isEnabled() reads it: the components take a change a moment later
        if (!isEnabled()) {
            throw new AnalyticsDisabledException("runJobNow refused: analytics is disabled (enabled=false in "
                    + AnalyticsConfiguration.PID + "), so jobs are paused");
        }
        return jobs.runNow(kind);
    }

    @Override
    public void setOptedOut(UUID userId, boolean optedOut) {
        Arguments.required("userId", userId);
        // stored, then in memory, as one step: two calls for a user never end in opposite orders
        synchronized (optOutOrder) {
            // the user's own queries read the primary until the read replica has this change
            store.privacyChanged(userId);
            // the other nodes hear it when it commits (docs/NODES.md)
            String notice = userId + " " + pipeline.nodeId();
            if (optedOut) {
                int added = store.transaction("store the user's opt-out", session -> {
                    session.getMapper(NodeMapper.class).notifyNodes(NodeChannel.OPT_OUT + " " + notice);
                    return session.getMapper(PrivacyMapper.class).optOut(userId, clock.instant());
                });
                pipeline.optOut(userId);
                if (added > 0) {
                    LOG.info("Analytics no longer records a user who opted out");
                }
            } else {
                int removed = store.transaction("remove the user's opt-out", session -> {
                    session.getMapper(NodeMapper.class).notifyNodes(NodeChannel.OPT_IN + " " + notice);
                    return session.getMapper(PrivacyMapper.class).optIn(userId);
                });
                pipeline.optIn(userId);
                if (removed > 0) {
                    LOG.info("Analytics records a user again who had opted out");
                }
            }
            store.privacyChanged(userId);
        }
    }

    @Override
    public boolean isOptedOut(UUID userId) {
        Arguments.required("userId", userId);
        // on the primary, as every privacy read: the user reads back at once what they have just set
        return store.read("read the user's opt-out", PrivacyMapper.class, mapper -> mapper.optedOutAt(userId)) != null;
    }

    @Override
    public List<UUID> getOptedOutUsers() {
        return List.copyOf(store.read("read the opted-out users", PrivacyMapper.class, PrivacyMapper::optedOutUsers));
    }

    @Override
    public List<PlayRecord> getUserHistory(UUID userId, int limit) {
        Arguments.required("userId", userId);
        int capped = Arguments.limit(limit);
        return List.copyOf(store.queryAbout(userId, "read the user's plays", PrivacyMapper.class, mapper -> mapper.history(userId, capped)));
    }

    @Override
    public List<PlayRecord> getPlaysOn(LocalDate day, PlayRecord after, int limit) {
        Arguments.required("day", day);
        int capped = Arguments.limit(limit);
        ZoneId zone = settings.zone();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant afterStart = after == null ? null : after.startedAt();
        UUID afterUser = after == null ? null : after.userId();
        // the page lies before the end of the hour by which the day's hours hold enough plays: the raw
        // plays up to there are sorted, not the whole day's. Within it, it most likely lies a few
        // minutes after the cursor, at the rate of the cursor's hour: that span is read first (a
        // compacted day, in key order, is read by its index on the minute). Should either come up
        // short, the next one is read, the day's end last
        List<BreakdownMapper.HourPlays> hours = store.query("read the plays of a day's hours", BreakdownMapper.class,
                mapper -> mapper.playsByHourOfDay(day));
        Instant bound = pageEnd(hours, day, zone, afterStart, capped, to);
        Instant near = nearEnd(hours, zone, afterStart == null ? from : afterStart, capped, bound);
        return List.copyOf(store.query("read the plays of a day", PrivacyMapper.class, mapper -> {
            List<PlayRecord> page = mapper.playPage(from, near, afterStart, afterUser, capped);
            Instant read = near;
            for (Instant end : List.of(bound, to)) {
                if (page.size() < capped && read.isBefore(end)) {
                    page = mapper.playPage(from, end, afterStart, afterUser, capped);
                    read = end;
                }
            }
            return page;
        }));
    }

    /**
     * The end of the first local hour of {@code day}, after the cursor's own hour, by which the
     * hours after the cursor's hold at least {@code limit} plays (the writer-kept hourly totals);
     * {@code to} if they never do.
     */
    private static Instant pageEnd(List<BreakdownMapper.HourPlays> hours, LocalDate day, ZoneId zone, Instant afterStart,
            int limit, Instant to) {
        int firstHour = afterStart == null ? 0 : LocalDateTime.ofInstant(afterStart, zone).getHour() + 1;
        long plays = 0;
        for (BreakdownMapper.HourPlays hour : hours) {
            if (hour.hour() >= firstHour && (plays += hour.plays()) >= limit) {
                // a repeated hour (the clocks go back) ends at its second end
                Instant end = ZonedDateTime.ofLocal(day.atTime(hour.hour(), 0), zone, null).withLaterOffsetAtOverlap()
                        .plusHours(1).toInstant();
                return end.isBefore(to) ? end : to;
            }
        }
        return to;
    }

    /**
     * Where {@code limit} plays after {@code start} most likely end: {@value #PAGE_SPAN_MARGIN} times
     * the time they take at the rate of the local hour of {@code start} (at least a minute), or
     * {@code bound} if that hour has no plays or the span reaches it.
     */
    private static Instant nearEnd(List<BreakdownMapper.HourPlays> hours, ZoneId zone, Instant start, int limit, Instant bound) {
        int hourOfStart = LocalDateTime.ofInstant(start, zone).getHour();
        long perHour = hours.stream().filter(hour -> hour.hour() == hourOfStart).mapToLong(BreakdownMapper.HourPlays::plays).sum();
        if (perHour == 0) {
            return bound;
        }
        long seconds = Math.max(60, PAGE_SPAN_MARGIN * limit * 3600L / perHour);
        Instant end = start.plusSeconds(seconds);
        return end.isBefore(bound) ? end : bound;
    }

    @Override
    public long exportUser(UUID userId, OutputStream out) throws IOException {
        Arguments.required("userId", userId);
        Arguments.required("out", out);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        JsonWriter json = new JsonWriter(writer);
        boolean excluded = settings.privacy().excludedUsers().contains(userId);
        long plays = exports.readSnapshot("export the user's data", session -> {
            PrivacyMapper mapper = session.getMapper(PrivacyMapper.class);
            Instant optedOutAt = mapper.optedOutAt(userId);
            json.beginObject();
            json.name("userId").value(userId);
            json.name("userName").value(names.nameOfUser(userId));
            json.name("exportedAt").value(clock.instant());
            json.name("optedOut").value(optedOutAt != null);
            json.name("optedOutAt").value(optedOutAt);
            json.name("excludedByConfiguration").value(excluded);
            json.name("lastPlayedDay").value(mapper.userLastDay(userId));
            json.name("dailyActivity").beginArray();
            for (UserDayRow day : mapper.userDays(userId)) {
                json.beginObject().name("day").value(day.day()).name("plays").value(day.plays())
                        .name("completedPlays").value(day.completedPlays()).name("watchTimeSec").value(day.watchTimeSec())
                        .name("uniqueItems").value(day.uniqueItems()).endObject();
            }
            json.endArray();
            json.name("itemsLastPlayed").beginArray();
            for (PrivacyMapper.ItemLastPlayed item : mapper.userItems(userId)) {
                json.beginObject().name("libraryId").value(item.libraryId())
                        .name("libraryName").value(names.nameOfLibrary(item.libraryId())).name("mediaId").value(item.mediaId())
                        .name("title").value(names.nameOfMedia(item.mediaId())).name("lastDay").value(item.lastDay()).endObject();
            }
            json.endArray();
            json.name("openSessions").beginArray();
            for (SessionRow row : mapper.userSessions(userId)) {
                json.beginObject().name("sessionId").value(row.sessionId()).name("mediaId").value(row.mediaId())
                        .name("title").value(names.nameOfMedia(row.mediaId())).name("libraryId").value(row.libraryId())
                        .name("libraryName").value(names.nameOfLibrary(row.libraryId())).name("mediaType").value(row.mediaType().wireName())
                        .name("clientType").value(row.clientType()).name("startedAt").value(row.startedAt())
                        .name("lastEventAt").value(row.lastEventAt()).name("watchedSec").value(row.watchedSec())
                        .name("positionSec").value(row.positionSec()).name("runtimeSec").value(row.runtimeSec())
                        .name("paused").value(row.paused()).endObject();
            }
            json.endArray();
            json.name("plays").beginArray();
            PlayFormat format = PlayFormat.inside(json, names);
            long count = 0;
            long completed = 0;
            long watched = 0;
            Set<UUID> items = new HashSet<>();
            try (Cursor<PlayRecord> cursor = mapper.userPlays(userId)) {
                for (PlayRecord play : cursor) {
                    format.play(play);
                    count++;
                    completed += play.completed() ? 1 : 0;
                    watched += play.durationSec();
                    items.add(play.mediaId());
                }
            }
            json.endArray();
            json.name("totals").beginObject().name("plays").value(count).name("completedPlays").value(completed)
                    .name("watchTimeSec").value(watched).name("distinctItems").value((long) items.size()).endObject();
            json.endObject();
            writer.flush();
            return count;
        });
        LOG.info("Analytics exported a user's data: {} plays", plays);
        return plays;
    }

    @Override
    public long exportUserPlays(UUID userId, ExportFormat format, OutputStream out) throws IOException {
        Arguments.required("userId", userId);
        Arguments.required("format", format);
        Arguments.required("out", out);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PlayFormat plays = PlayFormat.of(format, writer, names);
        long written = exports.readSnapshot("export the user's plays", session -> {
            plays.begin();
            long count = 0;
            try (Cursor<PlayRecord> cursor = session.getMapper(PrivacyMapper.class).userPlays(userId)) {
                for (PlayRecord play : cursor) {
                    plays.play(play);
                    count++;
                }
            }
            plays.end();
            writer.flush();
            return count;
        });
        LOG.info("Analytics exported a user's plays as {}: {} plays", format.name().toLowerCase(), written);
        return written;
    }

    /**
     * On, the user's years are counted at once from their stored plays (last year's and this
     * year's up to yesterday), then every day by the aggregation; off, every summary goes.
     */
    @Override
    public void setKeepingYear(UUID userId, boolean keep) {
        Arguments.required("userId", userId);
        // the user's own queries read the primary until the read replica has this change
        store.privacyChanged(userId);
        if (!keep) {
            store.write("forget the user's years", PrivacyMapper.class, mapper -> mapper.deleteUserYears(userId));
            store.privacyChanged(userId);
            LOG.info("Analytics forgot a user's kept years at their request");
            return;
        }
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), settings.zone()).minusDays(1);
        int rows = store.write("keep the user's years", YearMapper.class, mapper -> {
            mapper.keep(userId, clock.instant());
            int written = mapper.countInto(LocalDate.of(yesterday.getYear() - 1, 12, 31), settings.zone(), userId);
            return written + mapper.countInto(yesterday, settings.zone(), userId);
        });
        store.privacyChanged(userId);
        LOG.info("Analytics keeps a user's years at their request: {} summary rows counted from the stored plays", rows);
    }

    @Override
    public boolean isKeepingYear(UUID userId) {
        Arguments.required("userId", userId);
        return store.read("read whether the user keeps their years", YearMapper.class, mapper -> mapper.keeps(userId));
    }

    @Override
    public UserErasure eraseUser(UUID userId) {
        Arguments.required("userId", userId);
        String zone = settings.zone().getId();
        long[] counts;
        // the user's own queries read the primary until the read replica has the erasure
        store.privacyChanged(userId);
        // the writer first lets go of the user: nothing it holds, or replays, can bring them back
        try (IngestPipeline.UserHold held = pipeline.holdForErasure(userId, ERASE_WAIT)) {
            Instant erasedAt = clock.instant();
            counts = store.transaction("erase the user", session -> {
                RollupMapper rollups = session.getMapper(RollupMapper.class);
                PrivacyMapper privacy = session.getMapper(PrivacyMapper.class);
                rollups.limitLockWait();
                // every node's writes wait now, and each reads the fence entry before its next one (docs/NODES.md)
                NodeMapper nodes = session.getMapper(NodeMapper.class);
                nodes.lockNodes();
                nodes.addErasure(userId, erasedAt, pipeline.nodeId());
                nodes.pruneErasures(erasedAt.minus(ERASURE_FENCE_KEPT));
                nodes.notifyNodes(NodeChannel.ERASE + " " + userId);
                rollups.lockRollups();
                long adjusted = privacy.subtractFromMediaDays(userId, zone) + privacy.subtractFromLibraryDays(userId, zone)
                        + privacy.subtractFromBreakdowns(userId, zone) + privacy.subtractFromPeriods(userId, zone)
                        + privacy.subtractPeriodUsers(userId);
                PlayMethodMapper methods = session.getMapper(PlayMethodMapper.class);
                adjusted += methods.subtractUser(userId, zone);
                methods.deleteEmpty();
                privacy.deleteEmptyDays(userId, zone);
                adjusted += session.getMapper(MediaYearMapper.class).recountUser(userId, zone);
                adjusted += session.getMapper(ServerYearMapper.class).recountUser(userId, zone);
                PeakStreamsMapper peaks = session.getMapper(PeakStreamsMapper.class);
                List<LocalDate> peakDays = peaks.daysOf(userId, zone);
                PeriodState.SPANS.forEach(rollups::pruneEmptyPeriodRows);
                long plays = privacy.deletePlays(userId);
                // a day's peak counts plays, not users: counted again without the user's
                adjusted += peaks.countDays(peakDays, zone, clock.instant());
                long rows = (long) privacy.deleteUserDays(userId) + privacy.deleteUserClients(userId)
                        + privacy.deleteUserRecency(userId)
                        + privacy.deleteUserItems(userId) + privacy.deleteUserSessions(userId) + privacy.deleteUserActivityCounts(userId)
                        + privacy.deleteUserYears(userId)
                        + privacy.deleteTrending() + peaks.clearRecent()
                        + session.getMapper(UserItemMapper.class).deleteUser(userId);
                return new long[] {plays, rows, adjusted};
            });
        }
        store.privacyChanged(userId);
        UserErasure erasure = new UserErasure(userId, clock.instant(), counts[0], counts[1], counts[2]);
        LOG.info("Analytics erased a user: {} plays and {} other rows removed, {} rollup rows lowered", counts[0], counts[1],
                counts[2]);
        return erasure;
    }

    @Override
    public long exportPlays(Instant from, Instant to, ExportFormat format, OutputStream out) throws IOException {
        Arguments.required("from", from);
        Arguments.required("to", to);
        Arguments.required("format", format);
        Arguments.required("out", out);
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", "must be after from (" + from + "), was " + to);
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PlayFormat plays = PlayFormat.of(format, writer, names);
        long started = System.nanoTime();
        long written = exports.readSnapshot("export the plays", session -> {
            PrivacyMapper mapper = session.getMapper(PrivacyMapper.class);
            LocalDate firstDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
            LocalDate endDay = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC).plusDays(1);
            plays.begin();
            long count = 0;
            // a UTC day (one raw partition) at a time, so the database sorts a day's plays, never the whole range
            for (LocalDate day : mapper.rawDays(firstDay, endDay)) {
                Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant chunkFrom = from.isAfter(dayStart) ? from : dayStart;
                Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant chunkTo = to.isBefore(dayEnd) ? to : dayEnd;
                try (Cursor<PlayRecord> cursor = mapper.plays(chunkFrom, chunkTo)) {
                    for (PlayRecord play : cursor) {
                        plays.play(play);
                        if (++count % PROGRESS_EVERY == 0) {
                            LOG.info("Analytics export of the plays from {} to {}: {} plays written so far, now at {}", from, to,
                                    count, day);
                        }
                    }
                }
            }
            plays.end();
            writer.flush();
            return count;
        });
        if (written >= PROGRESS_EVERY) {
            LOG.info("Analytics export of the plays from {} to {} is complete: {} plays in {} s", from, to, written,
                    (System.nanoTime() - started) / 1_000_000_000);
        }
        return written;
    }

    @Override
    public long countQuarantined() {
        return store.read("count the quarantined records", QuarantineMapper.class, QuarantineMapper::count);
    }

    @Override
    public List<QuarantinedRecord> getQuarantined(int limit) {
        int capped = Arguments.limit(limit);
        return List.copyOf(store.read("read the quarantined records", QuarantineMapper.class, mapper -> mapper.list(capped)));
    }

    @Override
    public void redriveQuarantined(long id) {
        QuarantinedRecord record = store.read("read a quarantined record", QuarantineMapper.class, mapper -> mapper.find(id));
        if (record == null) {
            throw new InvalidInputException("id", "no quarantined record has the id " + id);
        }
        pipeline.redrive(record);
        LOG.info("Analytics feeds a quarantined {} (entry {}) back through its writer", record.kind(), id);
    }

    @Override
    public boolean discardQuarantined(long id) {
        boolean discarded = store.write("discard a quarantined record", QuarantineMapper.class, mapper -> mapper.delete(id)) > 0;
        if (discarded) {
            LOG.info("Analytics discarded quarantined record {} for good", id);
        }
        return discarded;
    }
}
