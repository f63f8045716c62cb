package org.revenge.analytics.internal.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.internal.admin.audit.AuditLog;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.JvmStats;
import org.revenge.analytics.spi.LibraryGrowth;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.Measure;
import org.revenge.analytics.spi.MediaRanking;
import org.revenge.analytics.spi.MediaStats;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.SystemStats;
import org.revenge.analytics.spi.UserErasure;
import org.revenge.analytics.spi.UserStats;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class AnalyticsCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final UUID LIBRARY = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID MEDIA = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    private static final UUID USER = UUID.fromString("99999999-8888-7777-6666-555555555555");

    @Mock
    AnalyticsService analytics;
    @Mock
    AnalyticsAdmin admin;
    @Mock
    AnalyticsNames names;

    private AnalyticsCommands commands;
    private AnalyticsCommands withoutAdmin;

    @BeforeEach
    void setUp() {
        when(names.nameOfMedia(MEDIA)).thenReturn("The Golden Orchard (2004)");
        when(names.nameOfLibrary(LIBRARY)).thenReturn("Movies");
        when(names.nameOfUser(USER)).thenReturn("Alice");
        commands = new AnalyticsCommands(analytics, () -> admin, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC,
                TextTable::new, ShownNames.of(() -> names));
        withoutAdmin = new AnalyticsCommands(analytics, () -> null, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
        when(analytics.getLibraries()).thenReturn(List.of(new LibraryStats(LIBRARY, LocalDate.of(2026, 11, 24), 120, 5L << 30, 3, 1, 4,
                NOW.minusSeconds(600), List.of(new LibraryGrowth(7, LocalDate.of(2026, 11, 17), 12, 1L << 30, 14)))));
        when(admin.getJobKinds()).thenReturn(List.of("analytics.aggregate_daily", "analytics.retention"));
    }

    private String run(AnalyticsCommands target, String command, String... args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        target.run(command, List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String run(String command, String... args) throws IOException {
        return run(commands, command, args);
    }

    /** What the audit logger wrote while the work ran (slf4j-simple writes to whatever System.err is at the time). */
    private static String auditLinesOf(Audited work) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(err);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(AuditLog.LOGGER))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @FunctionalInterface
    private interface Audited {
        void run() throws Exception;
    }

    @Test
    void aFailedErasureOrOptOutIsAuditedAsFailedAndAListingOfUserIdsIsAudited() throws Exception {
        org.mockito.Mockito.doThrow(new org.revenge.analytics.spi.StorageUnavailableException(
                "Cannot erase the user: the analytics database failed (gone)", null)).when(admin).eraseUser(USER);
        org.mockito.Mockito.doThrow(new org.revenge.analytics.spi.StorageUnavailableException(
                "Cannot store the user's opt-out: the analytics database failed (gone)", null)).when(admin).setOptedOut(USER, true);
        when(admin.getOptedOutUsers()).thenReturn(List.of(USER));
        String audit = auditLinesOf(() -> {
            assertThatThrownBy(() -> run("forget-user", USER.toString(), "--force")).hasMessageContaining("database failed");
            assertThatThrownBy(() -> run("opt-out", USER.toString())).hasMessageContaining("database failed");
            run("opt-out");
        });
        assertThat(audit).contains("FAILED erasing user " + USER + ": Cannot erase the user: the analytics database failed (gone)")
                .contains("FAILED opting user " + USER + " out of recording: Cannot store the user's opt-out")
                .contains("listed the 1 users who opted out (shell analytics:opt-out)")
                .doesNotContain("erased user " + USER).doesNotContain("opted user " + USER + " out of recording");
    }

    @Test
    void everyCommandHasHelpWithItsUsage() throws IOException {
        for (CommandSpec spec : AnalyticsCommands.specs()) {
            String help = run(spec.name(), "--help");
            assertThat(help).startsWith("analytics:" + spec.name() + " - ").contains("Usage: analytics:" + spec.name());
        }
        assertThat(AnalyticsCommands.specs()).extracting(CommandSpec::name).contains("status", "enable", "disable", "top", "user",
                "library", "jobs", "run-job", "export", "forget-user", "opt-out", "opt-in");
    }

    @Test
    void statusShowsTheStateTotalsAndJobs() throws IOException {
        when(admin.isEnabled()).thenReturn(false);
        when(analytics.getSystemStats()).thenReturn(new SystemStats(NOW, 8, 5, 1200, 42, 300, 36_000, 2, 12L << 20,
                new IngestStats(1000, 3, Map.of("missing user.id", 3L), 0, 0, 997, Duration.ofMillis(120)),
                List.of(new JobRun("analytics.aggregate_daily", "2026-11-23", "done", 1, NOW, NOW, NOW.plusSeconds(2), 17L, "17 rows", null)),
                new JvmStats(1, 2, 3, 4, Duration.ofHours(1))));
        String out = run("status");
        assertThat(out).containsPattern("(?m)^  recording\\s+DISABLED$").contains("plays today").contains("watch hours, 7 days")
                .containsPattern("plays today\\s+42").containsPattern("watch hours, 7 days\\s+10.0").contains("ingest lag")
                .contains("120 ms").contains("missing user.id").containsPattern("analytics.aggregate_daily\\s+2026-11-23\\s+done");
    }

    @Test
    void topRanksEachLibraryInAlignedColumns() throws IOException {
        when(analytics.getMostWatched(LIBRARY, Duration.ofDays(7), 3)).thenReturn(new MediaRanking(LIBRARY, Measure.PLAYS,
                NOW.minus(Duration.ofDays(6)), NOW, List.of(new MediaStats(MEDIA, LIBRARY, MediaType.MOVIE, 12, 9, 7200, 4, NOW))));
        String out = run("top", "--limit", "3");
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Library Movies (" + LIBRARY + "): most played, last 7 days (since 2026-11-18 12:00)");
        assertThat(lines.get(1)).isEqualTo("  #  MEDIA                      TYPE   PLAYS  COMPLETED  HOURS  USERS  LAST PLAYED");
        assertThat(lines.get(2)).isEqualTo("  1  The Golden Orchard (2004)  movie     12          9    2.0      4  2026-11-24 12:00");
        assertThat(run(withoutAdmin, "top", "--library", LIBRARY.toString(), "--limit", "3")).as("without names, short ids")
                .startsWith("Library " + LIBRARY + ": most played").contains("  1  aaaaaaaa  movie");
    }

    @Test
    void topByUsersAsksForTheMostPopular() throws IOException {
        when(analytics.getMostPopular(LIBRARY, Duration.ofDays(30), 10))
                .thenReturn(new MediaRanking(LIBRARY, Measure.DISTINCT_USERS, NOW, NOW, List.of()));
        assertThat(run("top", "--library", LIBRARY.toString(), "--by", "users", "--period", "30d")).contains("most distinct users")
                .contains("no plays");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> run("top", "--by", "hours")).isInstanceOf(CommandException.class)
                .hasMessage("analytics:top: --by must be plays or users, not 'hours'");
        assertThatThrownBy(() -> run("user", "not-a-user")).isInstanceOf(CommandException.class)
                .hasMessageStartingWith("analytics:user: USER-ID must be a UUID");
        assertThatThrownBy(() -> run("run-job", "analytics.nope")).isInstanceOf(CommandException.class)
                .hasMessage("analytics:run-job: KIND must be one of analytics.aggregate_daily, analytics.retention, not 'analytics.nope'");
        assertThatThrownBy(() -> run("status", "now")).hasMessage("analytics:status: unexpected argument 'now'; it takes none");
    }

    @Test
    void analyticsRefusalsAreReportedWithTheCommand() {
        when(analytics.getUserStats(eq(USER), any())).thenThrow(new InvalidInputException("period", "too long"));
        assertThatThrownBy(() -> run("user", USER.toString())).isInstanceOf(IllegalStateException.class)
                .hasMessage("analytics:user: period: too long");
    }

    @Test
    void commandsThatNeedTheAdminServiceSaySoWithoutIt() {
        assertThatThrownBy(() -> run(withoutAdmin, "enable")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("analytics:enable: the AnalyticsAdmin service is not available");
    }

    @Test
    void enableReportsTheChange() throws IOException {
        when(admin.isEnabled()).thenReturn(false);
        assertThat(run("enable")).isEqualTo("Recording is now enabled (was disabled).\n");
        verify(admin).setEnabled(true);
    }

    @Test
    void libraryListsHealthAndOneLibraryShowsGrowth() throws IOException {
        assertThat(run("library")).containsPattern("Movies\\s+" + LIBRARY + "\\s+2026-11-24 11:50\\s+120\\s+5.0 GiB\\s+3\\s+1\\s+4\\s+\\+12 in 7d");
        var library = analytics.getLibraries().stream().findFirst();
        when(analytics.getLibraryStats(LIBRARY)).thenReturn(library);
        assertThat(run("library", LIBRARY.toString())).containsPattern("7\\s+2026-11-17\\s+\\+12\\s+\\+1.0 GiB\\s+14");
    }

    @Test
    void userShowsTotalsRecentItemsAndPlays() throws IOException {
        when(analytics.getUserStats(USER, Duration.ofDays(30))).thenReturn(new UserStats(USER, NOW.minus(Duration.ofDays(29)), NOW, 5, 4,
                9000, 3, List.of()));
        when(analytics.getRecentlyWatched(USER, 10)).thenReturn(List.of(new MediaStats(MEDIA, LIBRARY, MediaType.EPISODE, 2, 2, 3600, 1, NOW)));
        when(admin.getUserHistory(USER, 10)).thenReturn(List.of());
        String out = run("user", USER.toString());
        assertThat(out).startsWith("User Alice (" + USER + "), last 30 days").containsPattern("plays\\s+5")
                .containsPattern("watch hours\\s+2.5").containsPattern("The Golden Orchard \\(2004\\)\\s+episode\\s+Movies");
    }

    @Nested
    class ForgetUser {

        @Test
        void withoutForceNothingIsErased() throws IOException {
            when(analytics.getUserStats(USER, AnalyticsService.ALL_TIME)).thenReturn(new UserStats(USER, NOW, NOW, 7, 0, 0, 0, List.of()));
            assertThat(run("forget-user", USER.toString())).contains("This would erase everything stored about user " + USER + ": 7 plays")
                    .contains("--force");
            verify(admin, never()).eraseUser(any());
        }

        @Test
        void withForceTheUserIsErased() throws IOException {
            when(admin.eraseUser(USER)).thenReturn(new UserErasure(USER, NOW, 7, 20, 5));
            assertThat(run("forget-user", USER.toString(), "--force"))
                    .isEqualTo("Erased user " + USER + " at 2026-11-24 12:00: 7 plays, 20 rows removed, 5 rollup rows adjusted.\n");
        }
    }

    @Nested
    class Export {

        @TempDir
        Path dir;

        @Test
        void writesTheFileAndCountsThePlays() throws IOException {
            when(admin.exportPlays(eq(Instant.parse("2026-11-01T00:00:00Z")), eq(NOW), eq(ExportFormat.CSV), any()))
                    .thenAnswer(call -> {
                        OutputStream out = call.getArgument(3);
                        out.write("user_id,started_at\na,b\nc,d\n".getBytes(StandardCharsets.UTF_8));
                        return 2L;
                    });
            Path file = dir.resolve("plays.csv");
            String out = run("export", file.toString(), "--from", "2026-11-01");
            assertThat(Files.readString(file)).isEqualTo("user_id,started_at\na,b\nc,d\n");
            assertThat(out).contains("Exporting plays from 2026-11-01 00:00 to 2026-11-24 12:00 as CSV to " + file)
                    .contains("Exported 2 plays (27 B) to " + file);
        }

        @Test
        void anExportOfEveryUsersPlaysIsAudited() throws Exception {
            Path file = dir.resolve("audited.csv");
            String audit = auditLinesOf(() -> run("export", file.toString(), "--from", "2026-11-01"));
            assertThat(audit).contains("exported the plays of all users from 2026-11-01T00:00:00Z to " + NOW + " as CSV to " + file
                    + " (shell analytics:export)");
        }

        @Test
        void refusesToOverwriteWithoutForce() throws IOException {
            Path file = Files.writeString(dir.resolve("kept.csv"), "mine");
            assertThatThrownBy(() -> run("export", file.toString())).isInstanceOf(CommandException.class)
                    .hasMessage("analytics:export: FILE " + file + " exists; give --force to overwrite it");
            assertThat(Files.readString(file)).isEqualTo("mine");
        }

        @Test
        void aUsersExportIsJson() {
            assertThatThrownBy(() -> run("export", dir.resolve("u.csv").toString(), "--user", USER.toString(), "--format", "csv"))
                    .hasMessageContaining("--format must be json with --user");
        }

        @Test
        void aFailedExportLeavesNoPartialFile() throws IOException {
            when(admin.exportPlays(any(), any(), any(), any())).thenAnswer(call -> {
                OutputStream out = call.getArgument(3);
                out.write("half".getBytes(StandardCharsets.UTF_8));
                throw new IOException("disk full");
            });
            Path file = dir.resolve("broken.csv");
            assertThatThrownBy(() -> run("export", file.toString())).isInstanceOf(IOException.class);
            assertThat(file).doesNotExist();
        }

        @Test
        void progressIsShownAsTheFileGrows() throws IOException {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            try (var stream = new AnalyticsCommands.ProgressStream(OutputStream.nullOutputStream(), 10,
                    new PrintStream(progress, true, StandardCharsets.UTF_8))) {
                stream.write("0123456789\n0123456789\n".getBytes(StandardCharsets.UTF_8));
                stream.write('x');
            }
            assertThat(progress.toString(StandardCharsets.UTF_8)).isEqualTo("  ... 22 B written, 2 lines\n");
        }
    }

    @Test
    void runJobQueuesAKnownKind() throws IOException {
        when(admin.runJobNow("analytics.retention")).thenReturn(new JobRun("analytics.retention", "manual-1", "queued", 0, NOW, null, null,
                null, null, null));
        assertThat(run("run-job", "analytics.retention")).startsWith("Queued analytics.retention, run manual-1, due 2026-11-24 12:00");
        verify(analytics, never()).getJobHistory(anyInt());
    }

    @Test
    void quarantineListsReDrivesAndDiscardsAndNamesABadId() throws IOException {
        QuarantinedRecord entry = new QuarantinedRecord(7, QuarantinedRecord.SCAN, "{\"addedItems\": 5000000000000000000}",
                "refused by the database (SQLState 22003): ERROR: bigint out of range", java.time.Instant.parse("2026-11-24T10:00:00Z"));
        when(admin.countQuarantined()).thenReturn(1L);
        when(admin.getQuarantined(20)).thenReturn(List.of(entry));
        when(admin.discardQuarantined(7)).thenReturn(true);

        assertThat(run("quarantine")).contains("1 records in quarantine").contains("scan").contains("SQLState 22003")
                .contains("5000000000000000000");
        assertThat(run("quarantine", "redrive", "7")).contains("handed back to the writer");
        org.mockito.Mockito.verify(admin).redriveQuarantined(7);
        assertThat(run("quarantine", "discard", "7")).contains("discarded");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("quarantine", "discard", "seven"))
                .isInstanceOf(CommandException.class).hasMessageStartingWith("ID:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("quarantine", "discard", "8"))
                .isInstanceOf(CommandException.class).hasMessageContaining("no quarantined record has the id 8");
    }
}
