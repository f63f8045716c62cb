package org.revenge.analytics.internal.admin.shell;

import static org.revenge.analytics.internal.admin.shell.Formats.bytes;
import static org.revenge.analytics.internal.admin.shell.Formats.count;
import static org.revenge.analytics.internal.admin.shell.Formats.hours;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsException;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.LibraryGrowth;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethodShare;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.UserErasure;
import org.revenge.analytics.spi.UserStats;
import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code analytics:} shell commands, written once for Karaf's shell and for Gogo: each takes
 * its arguments as strings and prints plain aligned text for an admin. The shells differ only in
 * how they call {@link #run}; see {@link GogoCommand}.
 */
public final class AnalyticsCommands {

    private static final Logger AUDIT = LoggerFactory.getLogger(AuditLog.LOGGER);
    private static final long PROGRESS_EVERY_BYTES = 1L << 20;

    private static final Map<String, CommandSpec> SPECS = new LinkedHashMap<>();

    static {
        add("status", CommandTexts.STATUS,
                "", List.of(), Set.of(), Set.of());
        add("enable", CommandTexts.ENABLE,
                "", List.of(), Set.of(), Set.of());
        add("disable", CommandTexts.DISABLE,
                "", List.of(), Set.of(), Set.of());
        add("top", CommandTexts.TOP,
                "[--library ID] [--period 7d] [--limit 10] [--by plays|users]",
                List.of("--library ID   only this library (default: every library)",
                        "--period P     how far back: 24h, 7d, 4w, all (default 7d)",
                        "--limit N      items per library, 1 to 1000 (default 10)",
                        "--by plays     rank by plays (default), or by users: by distinct users"),
                Set.of("library", "period", "limit", "by"), Set.of());
        add("user", CommandTexts.USER,
                "USER-ID [--period 30d] [--limit 10]",
                List.of("USER-ID        the user's UUID",
                        "--period P     the totals' period: 24h, 7d, 4w, all (default 30d)",
                        "--limit N      recently watched items and latest plays shown, 1 to 1000 (default 10)"),
                Set.of("period", "limit"), Set.of());
        add("library", CommandTexts.LIBRARY,
                "[LIBRARY-ID]",
                List.of("LIBRARY-ID     show this library in detail (default: a table of all)"),
                Set.of(), Set.of());
        add("jobs", CommandTexts.JOBS,
                "[--limit 20]",
                List.of("--limit N      runs shown, 1 to 1000 (default 20)"),
                Set.of("limit"), Set.of());
        add("run-job", CommandTexts.RUN_JOB,
                "KIND", List.of("KIND           a job kind, e.g. analytics.aggregate_daily"), Set.of(), Set.of());
        add("export", CommandTexts.EXPORT,
                "FILE [--format csv|json] [--from DATE] [--to DATE] [--user USER-ID] [--force]",
                List.of("FILE           where to write; an existing file is kept unless --force",
                        "--format F     csv (default) or json; a user's export is always json",
                        "--from DATE    first day or instant, inclusive, e.g. 2026-11-01 (default: all stored plays)",
                        "--to DATE      end, exclusive, e.g. 2026-11-24 (default: now)",
                        "--user ID      export everything stored about this user instead",
                        "--force        overwrite FILE"),
                Set.of("format", "from", "to", "user"), Set.of("force"));
        add("forget-user", CommandTexts.FORGET_USER,
                "USER-ID --force",
                List.of("USER-ID        the user's UUID",
                        "--force        really erase; without it the command only says what would go"),
                Set.of(), Set.of("force"));
        add("opt-out", CommandTexts.OPT_OUT,
                "[USER-ID]", List.of("USER-ID        the user's UUID"), Set.of(), Set.of());
        add("opt-in", CommandTexts.OPT_IN,
                "USER-ID", List.of("USER-ID        the user's UUID"), Set.of(), Set.of());
        add("quarantine", CommandTexts.QUARANTINE,
                "[redrive ID | discard ID] [--limit 20]",
                List.of("redrive ID     feed entry ID back through the writer (once its cause is fixed)",
                        "discard ID     delete entry ID for good",
                        "--limit N      entries listed, the oldest first, 1 to 1000 (default 20)"),
                Set.of("limit"), Set.of());
    }

    private static void add(String name, String description, String usage, List<String> optionHelp,
            Set<String> valueOptions, Set<String> flagOptions) {
        SPECS.put(name, new CommandSpec(name, description, usage, optionHelp, valueOptions, flagOptions));
    }

    private final AnalyticsService analytics;
    private final Supplier<AnalyticsAdmin> admin;
    private final Clock clock;
    private final ZoneId zone;
    private final Table.Maker tables;
    private final ShownNames names;

    /**
     * @param analytics the queries
     * @param admin     the admin service, or a supplier of {@code null} while there is none (an
     *                  analytics bundle older than SPI 1.3): the commands that need it say so
     * @param clock     now
     * @param zone      how times are shown and dates given
     */
    public AnalyticsCommands(AnalyticsService analytics, Supplier<AnalyticsAdmin> admin, Clock clock, ZoneId zone) {
        this(analytics, admin, clock, zone, TextTable::new, ShownNames.none());
    }

    /**
     * @param tables how this shell prints tables (Karaf: its ShellTable)
     * @param names  what the host calls the items, libraries and users (short ids where it does not say)
     */
    public AnalyticsCommands(AnalyticsService analytics, Supplier<AnalyticsAdmin> admin, Clock clock, ZoneId zone,
            Table.Maker tables, ShownNames names) {
        this.tables = tables;
        this.names = names;
        this.analytics = analytics;
        this.admin = admin;
        this.clock = clock;
        this.zone = zone;
    }

    static List<CommandSpec> specs() {
        return List.copyOf(SPECS.values());
    }

    static CommandSpec spec(String name) {
        CommandSpec spec = SPECS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no command " + name);
        }
        return spec;
    }

    /**
     * Runs one command.
     *
     * @throws CommandException        for a bad argument, naming it
     * @throws IllegalStateException when Analytics refused or failed, with its reason
     */
    public void run(String name, List<?> args, PrintStream out) throws IOException {
        CommandSpec spec = spec(name);
        CommandLine line = CommandLine.parse(spec.fullName(), args, spec.valueOptions(), spec.flagOptions());
        if (line.flag("help")) {
            spec.printHelp(out);
            return;
        }
        run(name, line, out);
    }

    /**
     * Runs one command as a Karaf action: Karaf's shell parsed its arguments and printed any help.
     *
     * @throws CommandException        for a bad argument, naming it
     * @throws IllegalStateException when Analytics refused or failed, with its reason
     */
    public void run(String name, KarafCommandLine line, PrintStream out) throws IOException {
        run(name, line.build(), out);
    }

    /**
     * Runs one command whose arguments are parsed.
     *
     * @throws CommandException        for a bad argument, naming it
     * @throws IllegalStateException when Analytics refused or failed, with its reason
     */
    void run(String name, CommandLine line, PrintStream out) throws IOException {
        CommandSpec spec = spec(name);
        try {
            switch (name) {
                case "status" -> status(line.expectPositionals(0, 0, ""), out);
                case "enable" -> enable(line.expectPositionals(0, 0, ""), true, out);
                case "disable" -> enable(line.expectPositionals(0, 0, ""), false, out);
                case "top" -> top(line.expectPositionals(0, 0, ""), out);
                case "user" -> user(line.expectPositionals(1, 1, "USER-ID"), out);
                case "library" -> library(line.expectPositionals(0, 1, "at most one LIBRARY-ID"), out);
                case "jobs" -> jobs(line.expectPositionals(0, 0, ""), out);
                case "run-job" -> runJob(line.expectPositionals(1, 1, "KIND"), out);
                case "export" -> export(line.expectPositionals(1, 1, "FILE"), out);
                case "forget-user" -> forgetUser(line.expectPositionals(1, 1, "USER-ID"), out);
                case "opt-out" -> optOut(line.expectPositionals(0, 1, "at most one USER-ID"), out);
                case "opt-in" -> optIn(line.expectPositionals(1, 1, "USER-ID"), out);
                case "quarantine" -> quarantine(line.expectPositionals(0, 2, "redrive ID or discard ID"), out);
                default -> throw new IllegalArgumentException("no command " + name);
            }
        } catch (AnalyticsException e) {
            throw new IllegalStateException(spec.fullName() + ": " + e.getMessage(), e);
        }
    }

    private AnalyticsAdmin admin(CommandLine line) {
        AnalyticsAdmin service = admin.get();
        if (service == null) {
            throw new IllegalStateException(line.command() + ": the AnalyticsAdmin service is not available "
                    + "(the analytics bundle is stopped, or older than SPI 1.3)");
        }
        return service;
    }

    private void status(CommandLine line, PrintStream out) {
        SystemStats stats = analytics.getSystemStats();
        AnalyticsAdmin service = admin.get();
        out.println("Revenge Analytics, " + Formats.time(stats.generatedAt(), zone));
        Table figures = tables.create("FIGURE", "VALUE").right(1).withoutHeader();
        figures.row("recording", service == null ? "unknown (no AnalyticsAdmin)" : service.isEnabled() ? "enabled" : "DISABLED");
        if (service != null) {
            figures.row("opted-out users", count(service.getOptedOutUsers().size()));
            figures.row("records in quarantine", count(service.countQuarantined()));
        }
        figures.row("users", count(stats.users()));
        figures.row("libraries", count(stats.libraries()));
        figures.row("media items", count(stats.mediaItems()));
        figures.row("plays today", count(stats.playsToday()));
        figures.row("plays, 7 days", count(stats.plays7d()));
        figures.row("watch hours, 7 days", hours(stats.watchTimeSec7d()));
        figures.row("active sessions", count(stats.activeSessions()));
        List<PeakStreams> peaks = analytics.getPeakStreamsByDay(Duration.ofDays(1));
        PeakStreams today = peaks.isEmpty() ? null : peaks.get(peaks.size() - 1);
        figures.row("most plays at once today", today == null || today.at() == null ? "0"
                : count(today.streams()) + " at " + Formats.time(today.at(), zone));
        figures.row("play methods, 7 days", playMethods(analytics.getPlayMethods(Duration.ofDays(7))));
        figures.row("database size", bytes(stats.databaseSizeBytes()));
        figures.row("events accepted", count(stats.ingest().accepted()));
        figures.row("events rejected", count(stats.ingest().rejected()));
        figures.row("plays queued", count(stats.ingest().queued()));
        figures.row("plays journaled", count(stats.ingest().journaled()));
        figures.row("plays written", count(stats.ingest().written()));
        figures.row("ingest lag", Formats.duration(stats.ingest().writeLag()));
        figures.print(out, "  ");
        if (!stats.ingest().rejectedByReason().isEmpty()) {
            out.println("Rejected events by reason");
            Table reasons = tables.create("REASON", "EVENTS").right(1);
            stats.ingest().rejectedByReason().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> reasons.row(e.getKey(), count(e.getValue())));
            reasons.print(out, "  ");
        }
        out.println("Jobs");
        printJobs(stats.jobs(), out);
    }

    /** Each play method's share of the plays, most first: {@code direct-play 62.5 %, transcode 37.5 %}. */
    static String playMethods(List<PlayMethodShare> methods) {
        long plays = methods.stream().mapToLong(PlayMethodShare::plays).sum();
        if (plays == 0) {
            return "no plays";
        }
        StringBuilder line = new StringBuilder();
        for (PlayMethodShare method : methods) {
            line.append(line.length() == 0 ? "" : ", ").append(method.playMethod()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f %%", 100.0 * method.plays() / plays));
        }
        return line.toString();
    }

    private void enable(CommandLine line, boolean enabled, PrintStream out) {
        AnalyticsAdmin service = admin(line);
        boolean was = service.isEnabled();
        service.setEnabled(enabled);
        AUDIT.info("{} {} recording (was {})", Actor.current(), enabled ? "enabled" : "disabled", was ? "enabled" : "disabled");
        out.println("Recording is now " + (enabled ? "enabled" : "disabled") + (was == enabled ? " (it already was)" : " (was "
                + (was ? "enabled" : "disabled") + ")") + ".");
    }

    private void top(CommandLine line, PrintStream out) {
        Duration period = line.periodOption("period", Duration.ofDays(7), AnalyticsService.ALL_TIME);
        int limit = line.intOption("limit", 10, 1, AnalyticsService.MAX_LIMIT);
        String by = line.option("by").orElse("plays").strip();
        if (!by.equals("plays") && !by.equals("users")) {
            throw new CommandException(line.command() + ": --by must be plays or users, not '" + by + "'");
        }
        List<UUID> libraries = new ArrayList<>();
        Optional<UUID> library = line.uuidOption("library");
        if (library.isPresent()) {
            libraries.add(library.get());
        } else {
            analytics.getLibraries().forEach(l -> libraries.add(l.libraryId()));
            if (libraries.isEmpty()) {
                out.println("No library has been scanned yet; give one with --library ID.");
                return;
            }
        }
        for (UUID id : libraries) {
            MediaRanking ranking = by.equals("plays") ? analytics.getMostWatched(id, period, limit)
                    : analytics.getMostPopular(id, period, limit);
            out.println("Library " + named(names.library(id), id) + ": " + (by.equals("plays") ? "most played" : "most distinct users") + ", last "
                    + Formats.period(period) + " (since " + Formats.time(ranking.from(), zone) + ")");
            if (ranking.items().isEmpty()) {
                out.println("  no plays");
                continue;
            }
            Table table = tables.create("#", "MEDIA", "TYPE", "PLAYS", "COMPLETED", "HOURS", "USERS", "LAST PLAYED")
                    .right(0, 3, 4, 5, 6);
            int rank = 1;
            for (MediaStats item : ranking.items()) {
                table.row(rank++, names.media(item.mediaId()), item.mediaType() == null ? "-" : item.mediaType().wireName(), count(item.plays()),
                        count(item.completedPlays()), hours(item.watchTimeSec()), count(item.distinctUsers()),
                        Formats.time(item.lastPlayedAt(), zone));
            }
            table.print(out, "  ");
        }
    }

    private void user(CommandLine line, PrintStream out) {
        UUID user = line.uuid("USER-ID", line.positional(0).orElseThrow());
        Duration period = line.periodOption("period", Duration.ofDays(30), AnalyticsService.ALL_TIME);
        int limit = line.intOption("limit", 10, 1, AnalyticsService.MAX_LIMIT);
        AUDIT.info("{} read the analytics of user {} (shell analytics:user)", Actor.current(), user);
        UserStats stats = analytics.getUserStats(user, period);
        AnalyticsAdmin service = admin.get();
        out.println("User " + named(names.user(user), user) + ", last " + Formats.period(period) + " (since " + Formats.time(stats.from(), zone) + ")");
        Table figures = tables.create("FIGURE", "VALUE").right(1).withoutHeader();
        figures.row("plays", count(stats.plays()));
        figures.row("completed plays", count(stats.completedPlays()));
        figures.row("watch hours", hours(stats.watchTimeSec()));
        figures.row("unique items", count(stats.uniqueItems()));
        figures.row("days with plays", count(stats.byDay().stream().filter(d -> d.plays() > 0).count()));
        if (service != null) {
            figures.row("opted out", service.isOptedOut(user) ? "yes" : "no");
        }
        figures.print(out, "  ");
        out.println("Recently watched");
        List<MediaStats> recent = analytics.getRecentlyWatched(user, limit);
        if (recent.isEmpty()) {
            out.println("  nothing");
        } else {
            Table table = tables.create("MEDIA", "TYPE", "LIBRARY", "PLAYS", "HOURS", "LAST PLAYED").right(3, 4);
            for (MediaStats item : recent) {
                table.row(names.media(item.mediaId()), item.mediaType() == null ? "-" : item.mediaType().wireName(),
                        names.library(item.libraryId()),
                        count(item.plays()), hours(item.watchTimeSec()), Formats.time(item.lastPlayedAt(), zone));
            }
            table.print(out, "  ");
        }
        if (service != null) {
            out.println("Latest plays");
            List<PlayRecord> plays = service.getUserHistory(user, limit);
            if (plays.isEmpty()) {
                out.println("  none");
            } else {
                Table table = tables.create("STARTED", "MEDIA", "TYPE", "CLIENT", "MINUTES", "COMPLETED").right(4);
                for (PlayRecord play : plays) {
                    table.row(Formats.time(play.startedAt(), zone), names.media(play.mediaId()),
                            play.mediaType() == null ? "-" : play.mediaType().wireName(), play.clientType(),
                            count(Math.round(play.durationSec() / 60.0)), play.completed() ? "yes" : "no");
                }
                table.print(out, "  ");
            }
        }
    }

    private void library(CommandLine line, PrintStream out) {
        Optional<String> id = line.positional(0);
        if (id.isPresent()) {
            UUID library = line.uuid("LIBRARY-ID", id.get());
            Optional<LibraryStats> stats = analytics.getLibraryStats(library);
            if (stats.isEmpty()) {
                out.println("Library " + library + " was never scanned.");
                return;
            }
            LibraryStats s = stats.get();
            out.println("Library " + named(names.library(library), library) + ", scanned " + Formats.time(s.scannedAt(), zone));
            Table figures = tables.create("FIGURE", "VALUE").right(1).withoutHeader();
            figures.row("items", count(s.totalItems()));
            figures.row("size", bytes(s.totalSizeBytes()));
            figures.row("missing metadata", count(s.missingMetadata()));
            figures.row("orphaned files", count(s.orphanedFiles()));
            figures.row("recently added", count(s.recentlyAdded()));
            figures.print(out, "  ");
            out.println("Growth");
            if (s.growth().isEmpty()) {
                out.println("  no earlier snapshot to compare with");
            } else {
                Table growth = tables.create("DAYS", "COMPARED WITH", "ITEMS", "SIZE", "ADDED").right(0, 2, 3, 4);
                for (LibraryGrowth g : s.growth()) {
                    growth.row(g.days(), g.comparedWith(), signed(g.itemsDelta()), (g.sizeBytesDelta() < 0 ? "-" : "+")
                            + bytes(Math.abs(g.sizeBytesDelta())), count(g.itemsAdded()));
                }
                growth.print(out, "  ");
            }
            return;
        }
        List<LibraryStats> libraries = analytics.getLibraries();
        if (libraries.isEmpty()) {
            out.println("No library has been scanned yet.");
            return;
        }
        Table table = tables.create("LIBRARY", "ID", "SCANNED", "ITEMS", "SIZE", "NO METADATA", "ORPHANED", "RECENT", "GROWTH")
                .right(3, 4, 5, 6, 7, 8);
        for (LibraryStats s : libraries) {
            String growth = s.growth().isEmpty() ? "-"
                    : signed(s.growth().get(0).itemsDelta()) + " in " + s.growth().get(0).days() + "d";
            table.row(names.library(s.libraryId()), s.libraryId(), Formats.time(s.scannedAt(), zone), count(s.totalItems()), bytes(s.totalSizeBytes()),
                    count(s.missingMetadata()), count(s.orphanedFiles()), count(s.recentlyAdded()), growth);
        }
        table.print(out, "");
    }

    /** @return the name with the full id after it, or the id alone when the host gives no name */
    private static String named(String name, UUID id) {
        return id.toString().startsWith(name) ? id.toString() : name + " (" + id + ")";
    }

    private static String signed(long value) {
        return (value > 0 ? "+" : "") + count(value);
    }

    private void jobs(CommandLine line, PrintStream out) {
        int limit = line.intOption("limit", 20, 1, AnalyticsService.MAX_LIMIT);
        AnalyticsAdmin service = admin.get();
        if (service != null) {
            out.println("Job kinds: " + String.join(", ", service.getJobKinds()));
        }
        out.println("Latest runs");
        printJobs(analytics.getJobHistory(limit), out);
    }

    private void printJobs(List<JobRun> runs, PrintStream out) {
        if (runs.isEmpty()) {
            out.println("  no runs yet");
            return;
        }
        Table table = tables.create("KIND", "RUN", "STATE", "TRY", "STARTED", "FINISHED", "ROWS", "OUTCOME").right(3, 6);
        for (JobRun run : runs) {
            String outcome = run.lastError() != null && !run.lastError().isBlank() ? "error: " + oneLine(run.lastError())
                    : oneLine(run.outcome());
            table.row(run.kind(), run.runKey(), run.state(), run.attempt(), Formats.time(run.startedAt(), zone),
                    Formats.time(run.finishedAt(), zone), run.rows() == null ? "-" : count(run.rows()), outcome);
        }
        table.print(out, "  ");
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "-";
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    private void runJob(CommandLine line, PrintStream out) {
        AnalyticsAdmin service = admin(line);
        String kind = line.positional(0).orElseThrow().strip();
        List<String> kinds = service.getJobKinds();
        if (!kinds.contains(kind)) {
            throw new CommandException(line.command() + ": KIND must be one of " + String.join(", ", kinds) + ", not '" + kind + "'");
        }
        JobRun run = service.runJobNow(kind);
        AUDIT.info("{} queued a run of {} (run {})", Actor.current(), kind, run.runKey());
        out.println("Queued " + run.kind() + ", run " + run.runKey() + ", due " + Formats.time(run.scheduledAt(), zone)
                + ", state " + run.state() + ". analytics:jobs shows how it went.");
    }

    private void export(CommandLine line, PrintStream out) throws IOException {
        Path file = Path.of(line.positional(0).orElseThrow()).toAbsolutePath();
        Optional<UUID> user = line.uuidOption("user");
        ExportFormat format = line.enumOption("format", ExportFormat.class, ExportFormat.CSV);
        if (user.isPresent() && format != ExportFormat.JSON && line.option("format").isPresent()) {
            throw new CommandException(line.command() + ": --format must be json with --user (a user's export is one JSON document)");
        }
        Instant to = line.instantOption("to", zone).orElse(clock.instant());
        Instant from = line.instantOption("from", zone).orElse(Instant.EPOCH);
        if (user.isEmpty() && !from.isBefore(to)) {
            throw new CommandException(line.command() + ": --from must be before --to (" + from + " is not before " + to + ")");
        }
        if (user.isPresent() && (line.option("from").isPresent() || line.option("to").isPresent())) {
            throw new CommandException(line.command() + ": --from and --to do not apply to --user (it exports everything stored)");
        }
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            throw new CommandException(line.command() + ": FILE's folder " + file.getParent() + " does not exist");
        }
        if (Files.exists(file) && !line.flag("force")) {
            throw new CommandException(line.command() + ": FILE " + file + " exists; give --force to overwrite it");
        }
        AnalyticsAdmin service = admin(line);
        if (user.isPresent()) {
            AUDIT.info("{} exported the data of user {} to {} (shell analytics:export)", Actor.current(), user.get(), file);
            out.println("Exporting everything stored about user " + user.get() + " as JSON to " + file);
        } else {
            auditPlaysExport(from, to, format, file);
            out.println("Exporting plays from " + Formats.time(from, zone) + " to " + Formats.time(to, zone) + " as " + format
                    + " to " + file);
        }
        out.flush();
        long plays;
        long written;
        boolean done = false;
        try (ProgressStream stream = new ProgressStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), PROGRESS_EVERY_BYTES, out)) {
            plays = user.isPresent() ? service.exportUser(user.get(), stream) : service.exportPlays(from, to, format, stream);
            written = stream.bytes();
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
                out.println("Export failed; the partial file was removed.");
            }
        }
        out.println("Exported " + count(plays) + " plays (" + bytes(written) + ") to " + file);
    }

    private void forgetUser(CommandLine line, PrintStream out) {
        UUID user = line.uuid("USER-ID", line.positional(0).orElseThrow());
        AnalyticsAdmin service = admin(line);
        if (!line.flag("force")) {
            long plays = analytics.getUserStats(user, AnalyticsService.ALL_TIME).plays();
            out.println("This would erase everything stored about user " + user + ": " + count(plays)
                    + " plays, their daily activity and their share of the rollups. It cannot be undone.");
            out.println("Run it again with --force to erase: " + CommandSpec.SCOPE + ":forget-user " + user + " --force");
            return;
        }
        AUDIT.info("{} is erasing user {} (shell analytics:forget-user)", Actor.current(), user);
        UserErasure erased;
        try {
            erased = service.eraseUser(user);
        } catch (RuntimeException e) {
            auditFailed("erasing user " + user, e);
            throw e;
        }
        AUDIT.info("{} erased user {}: {} plays, {} rows removed, {} rows adjusted", Actor.current(), user,
                erased.playsRemoved(), erased.rowsRemoved(), erased.rowsAdjusted());
        out.println("Erased user " + user + " at " + Formats.time(erased.erasedAt(), zone) + ": " + count(erased.playsRemoved())
                + " plays, " + count(erased.rowsRemoved()) + " rows removed, " + count(erased.rowsAdjusted())
                + " rollup rows adjusted.");
    }

    private void optOut(CommandLine line, PrintStream out) {
        AnalyticsAdmin service = admin(line);
        Optional<String> id = line.positional(0);
        if (id.isEmpty()) {
            List<UUID> users = service.getOptedOutUsers();
            AUDIT.info("{} listed the {} users who opted out (shell analytics:opt-out)", Actor.current(), users.size());
            out.println(users.isEmpty() ? "No user has opted out." : users.size() + " users opted out:");
            users.forEach(u -> out.println("  " + u + "  " + names.user(u)));
            return;
        }
        UUID user = line.uuid("USER-ID", id.get());
        setOptedOut(service, user, true);
        AUDIT.info("{} opted user {} out of recording", Actor.current(), user);
        out.println("User " + user + " is opted out: nothing more is recorded for them. Their stored plays stay until "
                + CommandSpec.SCOPE + ":forget-user.");
    }

    private void optIn(CommandLine line, PrintStream out) {
        AnalyticsAdmin service = admin(line);
        UUID user = line.uuid("USER-ID", line.positional(0).orElseThrow());
        setOptedOut(service, user, false);
        AUDIT.info("{} opted user {} back in to recording", Actor.current(), user);
        out.println("User " + user + " is recorded again.");
    }

    /** An export of every user's plays names no user, but is audited like one that does. */
    private void auditPlaysExport(Instant from, Instant to, ExportFormat format, Path file) {
        AUDIT.info("{} exported the plays of all users from {} to {} as {} to {} (shell analytics:export)", Actor.current(), from, to,
                format, file);
    }

    /** Changes a user's opt-out; a change that fails is audited as failed. */
    private static void setOptedOut(AnalyticsAdmin service, UUID user, boolean optedOut) {
        try {
            service.setOptedOut(user, optedOut);
        } catch (RuntimeException e) {
            auditFailed((optedOut ? "opting user " + user + " out of" : "opting user " + user + " back in to") + " recording", e);
            throw e;
        }
    }

    /** An audited action that failed: who tried what, and why it failed. */
    private static void auditFailed(String action, RuntimeException failure) {
        AUDIT.warn("{} FAILED {}: {}", Actor.current(), action, failure.getMessage());
    }

    private void quarantine(CommandLine line, PrintStream out) {
        QuarantineCommand command = new QuarantineCommand(admin(line), zone, tables);
        if (line.positional(0).isEmpty()) {
            command.list(line.intOption("limit", 20, 1, AnalyticsService.MAX_LIMIT), out);
            return;
        }
        String action = line.positional(0).get();
        String id = line.positional(1).orElseThrow(() -> new CommandException("ID: required after " + action));
        long entry;
        try {
            entry = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new CommandException("ID: must be a quarantine entry's id (a whole number), was '" + id + "'");
        }
        switch (action) {
            case "redrive" -> command.redrive(entry, out);
            case "discard" -> command.discard(entry, out);
            default -> throw new CommandException("the first argument must be redrive or discard, was '" + action + "'");
        }
    }

    /** Counts what goes through, and prints a progress line each time another {@code every} bytes have been written. */
    static final class ProgressStream extends OutputStream {

        private final OutputStream target;
        private final long every;
        private final PrintStream progress;
        private long bytes;
        private long lines;
        private long nextReport;

        ProgressStream(OutputStream target, long every, PrintStream progress) {
            this.target = target;
            this.every = every;
            this.progress = progress;
            this.nextReport = every;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            count(b == '\n' ? 1 : 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            int newLines = 0;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    newLines++;
                }
            }
            count(newLines, len);
        }

        private void count(int newLines, long length) {
            lines += newLines;
            bytes += length;
            if (bytes >= nextReport) {
                progress.println("  ... " + Formats.bytes(bytes) + " written, " + Formats.count(lines) + " lines");
                progress.flush();
                nextReport = bytes + every;
            }
        }

        long bytes() {
            return bytes;
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }
}
