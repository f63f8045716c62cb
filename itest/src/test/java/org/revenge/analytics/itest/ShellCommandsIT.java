package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.CatalogueNames;
import org.revenge.analytics.spi.MediaTitle;
import org.revenge.analytics.spi.ScanStats;

/**
 * The {@code analytics:} commands in Felix with the plain Gogo runtime (no Karaf), over plays that
 * went through EventAdmin into PostgreSQL: each command is run in a Gogo session as an admin would
 * type it, and its printed text is read back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT {

    private static final Duration LANDING = Duration.ofSeconds(120);
    private static final UUID LIBRARY = UUID.randomUUID();
    private static final UUID FAVOURITE = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();
    private static final UUID ALICE = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();

    @Inject
    private BundleContext context;

    @Inject
    private EventAdmin eventAdmin;

    private Plugin plugin;

    @Configuration
    public Option[] config() {
        File dir = new File(System.getProperty("analytics.itest.bundles", "target/bundles"), "admin");
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length < 3) {
            throw new IllegalStateException("no admin bundles in " + dir + "; the build copies them there");
        }
        Arrays.sort(jars);
        return new Option[] {composite(FelixHost.withAnalytics("shell")),
                composite(Arrays.stream(jars).map(jar -> bundle(jar.toURI().toString()).startLevel(5)).toArray(Option[]::new))};
    }

    @Before
    public void recordPlays() throws Exception {
        plugin = new Plugin(context);
        if (plugin.service(AnalyticsService.class).isEmpty()) {
            plugin.configureTestDatabase();
        }
        AnalyticsService analytics = plugin.awaitService(AnalyticsService.class);
        if (plays() == 0) {
            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(4));
            // the favourite: three plays by two users (Alice's two further apart than the resume window); the other item: one play
            send(HostEvents.session(UUID.randomUUID(), ALICE, FAVOURITE, LIBRARY, start, 1200));
            send(HostEvents.session(UUID.randomUUID(), ALICE, FAVOURITE, LIBRARY, start.plusSeconds(9000), 900));
            send(HostEvents.session(UUID.randomUUID(), BOB, FAVOURITE, LIBRARY, start.plusSeconds(600), 3000));
            send(HostEvents.session(UUID.randomUUID(), BOB, OTHER, LIBRARY, start.plusSeconds(5000), 600));
            analytics.recordLibraryScan(LIBRARY, new ScanStats(120, 5_000_000_000L, 4, 1, 3, Instant.now()));
            await().atMost(LANDING).until(() -> plays() == 4);
        }
    }

    private void send(List<org.osgi.service.event.Event> events) {
        events.forEach(eventAdmin::sendEvent);
    }

    private static long plays() {
        return Database.count("SELECT count(*) FROM playback_events WHERE library_id = '" + LIBRARY + "'");
    }

    /** Runs one command line in a fresh Gogo session and returns what it printed. */
    private String shell(String commandLine) throws Exception {
        CommandProcessor processor = plugin.awaitService(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err)) {
            // Gogo prints a command's result itself only in its console loop; these commands print and return nothing
            Object result = session.execute(commandLine);
            assertThat(result).isNull();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A Tautulli database, written here with the SQLite driver of the feature (so the driver and its
     * native library are shown to work inside Felix), imported with the command, twice.
     */
    @Test
    public void importBringsTautulliHistoryOnceAndSaysSo() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("tautulli").resolve("tautulli.db");
        long started = Instant.now().minus(Duration.ofDays(2)).getEpochSecond();
        try (java.sql.Connection db = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
             java.sql.Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE session_history (id INTEGER PRIMARY KEY AUTOINCREMENT, reference_id INTEGER, started INTEGER,"
                    + " stopped INTEGER, rating_key INTEGER, user_id INTEGER, user TEXT, ip_address TEXT, paused_counter INTEGER DEFAULT 0,"
                    + " player TEXT, platform TEXT, machine_id TEXT, media_type TEXT, view_offset INTEGER DEFAULT 0, section_id INTEGER)");
            sql.execute("CREATE TABLE session_history_metadata (id INTEGER PRIMARY KEY, rating_key INTEGER, title TEXT,"
                    + " full_title TEXT, duration INTEGER DEFAULT 0, guid TEXT, media_type TEXT)");
            sql.execute("INSERT INTO session_history VALUES (1, 1, " + started + ", " + (started + 3000) + ", 77, 5, 'carol', '192.0.2.9',"
                    + " 0, 'Carol''s TV', 'Roku', 'mach-1', 'movie', 5900000, 1)");
            sql.execute("INSERT INTO session_history VALUES (2, 2, " + started + ", " + (started + 20) + ", 78, 5, 'carol', '192.0.2.9',"
                    + " 0, 'Carol''s TV', 'Roku', 'mach-1', 'movie', 20000, 1)");
            sql.execute("INSERT INTO session_history_metadata VALUES (1, 77, 'A', 'A', 6000000, 'plex://a', 'movie')");
            sql.execute("INSERT INTO session_history_metadata VALUES (2, 78, 'B', 'B', 6000000, 'plex://b', 'movie')");
        }

        assertThat(shell("analytics:import --dry-run tautulli " + file)).endsWith(
                "imported 1 plays (1 completed, 3000 s watched) from 2 rows of tautulli.db; 1 skipped (below-minimum=1)\n");
        assertThat(shell("analytics:import tautulli " + file)).endsWith(
                "imported 1 plays (1 completed, 3000 s watched) from 2 rows of tautulli.db; 1 skipped (below-minimum=1)\n");
        assertThat(shell("analytics:import tautulli " + file)).endsWith(
                "imported 0 plays (0 completed, 0 s watched) from 2 rows of tautulli.db; 2 skipped (already-imported=1, below-minimum=1)\n");
        assertThatThrownBy(() -> shell("analytics:import plex " + file))
                .hasMessageContaining("SOURCE must be tautulli, jellystat, playback-reporting or revenge, not 'plex'");
    }

    @Test
    public void topRanksTheLibrarysItemsByPlays() throws Exception {
        String out = shell("analytics:top --library " + LIBRARY + " --period 7d --limit 5");
        assertThat(out).startsWith("Library " + LIBRARY + ": most played, last 7 days");
        assertThat(out).as("the host names nothing here: short ids")
                .containsPattern("(?m)^  1  " + shortId(FAVOURITE) + "  movie\\s+3\\s+\\d+\\s+[\\d.]+\\s+2\\s")
                .containsPattern("(?m)^  2  " + shortId(OTHER) + "  movie\\s+1\\s");
    }

    @Test
    public void itemsLibrariesAndUsersAreNamedWhenTheHostRegistersItsCatalogue() throws Exception {
        ServiceRegistration<CatalogueNames> host = context.registerService(CatalogueNames.class, new CatalogueNames() {
            @Override
            public Optional<MediaTitle> mediaTitle(UUID mediaId) {
                return mediaId.equals(FAVOURITE) ? Optional.of(MediaTitle.episode("Salt and Stone", 2, 8, "Quiet River", 2021))
                        : Optional.empty();
            }

            @Override
            public Optional<String> libraryName(UUID libraryId) {
                return Optional.of("TV Shows");
            }

            @Override
            public Optional<String> userDisplayName(UUID userId) {
                return userId.equals(ALICE) ? Optional.of("Alice") : Optional.empty();
            }
        }, null);
        try {
            String top = shell("analytics:top --library " + LIBRARY + " --period 7d --limit 5");
            assertThat(top).startsWith("Library TV Shows (" + LIBRARY + "): most played")
                    .containsPattern("(?m)^  1  Salt and Stone S2E8 · Quiet River \\(2021\\)  movie\\s+3\\s")
                    .containsPattern("(?m)^  2  " + shortId(OTHER) + "\\s+movie\\s+1\\s");
            assertThat(shell("analytics:user " + ALICE + " --period 7d")).startsWith("User Alice (" + ALICE + "), last 7 days")
                    .contains("Salt and Stone S2E8");
        } finally {
            host.unregister();
        }
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }

    @Test
    public void topByDistinctUsers() throws Exception {
        // Whole days end today, so a day back is today only: just after midnight the plays of four hours ago are
        // yesterday's. Two days hold them at any time of day.
        assertThat(shell("analytics:top --library " + LIBRARY + " --by users --period 2d"))
                .contains("most distinct users, last 2 days").containsPattern("(?m)^  1  " + shortId(FAVOURITE) + "  movie\\s+3\\s+\\d+\\s+[\\d.]+\\s+2\\s");
    }

    @Test
    public void userShowsTotalsAndRecentItemsAndIsAudited() throws Exception {
        String out = shell("analytics:user " + ALICE + " --period 7d");
        assertThat(out).startsWith("User " + ALICE + ", last 7 days").containsPattern("(?m)^  plays\\s+2$")
                .containsPattern("(?m)^  unique items\\s+1$").contains(shortId(FAVOURITE));
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugin.log().contains("read the analytics of user " + ALICE));
    }

    @Test
    public void libraryShowsTheLatestScan() throws Exception {
        assertThat(shell("analytics:library " + LIBRARY)).startsWith("Library " + LIBRARY + ", scanned ")
                .containsPattern("(?m)^  items\\s+120$").containsPattern("(?m)^  missing metadata\\s+4$");
    }

    @Test
    public void statusAndJobsPrintTheirTables() throws Exception {
        assertThat(shell("analytics:status")).startsWith("Revenge Analytics, ").containsPattern("(?m)^  recording\\s+\\S")
                .containsPattern("(?m)^  plays, 7 days\\s+[\\d,]+$").contains("Jobs");
        assertThat(shell("analytics:jobs --limit 5")).contains("Latest runs");
    }

    @Test
    public void helpAndBadArguments() throws Exception {
        assertThat(shell("analytics:top --help")).contains("Usage: analytics:top [--library ID]").contains("--period P");
        assertThatThrownBy(() -> shell("analytics:top --library " + LIBRARY + " --limit lots"))
                .hasMessageContaining("analytics:top: --limit must be a whole number from 1 to 1000, not 'lots'");
        assertThatThrownBy(() -> shell("analytics:user alice"))
                .hasMessageContaining("analytics:user: USER-ID must be a UUID");
        assertThatThrownBy(() -> shell("analytics:top --colour red")).hasMessageContaining("analytics:top: unknown option '--colour'");
    }

    // The commands below need AnalyticsAdmin (SPI 1.3), which the analytics bundle provides from branch core-admin on.

    @Test
    public void exportWritesThePlaysOfThePeriodToAFile() throws Exception {
        plugin.awaitService(AnalyticsAdmin.class);
        Path file = Files.createTempDirectory("analytics-export").resolve("plays.csv");
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
        String out = shell("analytics:export " + file + " --format csv --from " + from);
        long expected = Database.count("SELECT count(*) FROM playback_events WHERE started_at >= '" + from + "'");
        assertThat(out).contains("Exported " + expected + " plays");
        assertThat(Files.readString(file)).contains(FAVOURITE.toString()).contains(ALICE.toString());
        assertThatThrownBy(() -> shell("analytics:export " + file)).hasMessageContaining("exists; give --force to overwrite it");
    }

    @Test
    public void forgetUserAsksForForceThenErases() throws Exception {
        plugin.awaitService(AnalyticsAdmin.class);
        UUID carol = UUID.randomUUID();
        send(HostEvents.session(UUID.randomUUID(), carol, OTHER, UUID.randomUUID(), Instant.now().minus(Duration.ofHours(2)), 900));
        await().atMost(LANDING).until(() -> Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + carol + "'") == 1);
        assertThat(shell("analytics:forget-user " + carol)).contains("This would erase everything stored about user " + carol + ": 1 plays");
        assertThat(Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + carol + "'")).isEqualTo(1);
        assertThat(shell("analytics:forget-user " + carol + " --force")).startsWith("Erased user " + carol).contains(": 1 plays");
        assertThat(Database.count("SELECT count(*) FROM playback_events WHERE user_id = '" + carol + "'")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugin.log().contains("erased user " + carol));
    }

    @Test
    public void optOutListsTheUserUntilOptIn() throws Exception {
        AnalyticsAdmin admin = plugin.awaitService(AnalyticsAdmin.class);
        UUID dave = UUID.randomUUID();
        assertThat(shell("analytics:opt-out " + dave)).startsWith("User " + dave + " is opted out");
        assertThat(admin.isOptedOut(dave)).isTrue();
        assertThat(shell("analytics:opt-out")).contains("  " + dave);
        assertThat(shell("analytics:user " + dave)).containsPattern("(?m)^  opted out\\s+yes$");
        assertThat(shell("analytics:opt-in " + dave)).isEqualTo("User " + dave + " is recorded again.\n");
        assertThat(admin.isOptedOut(dave)).isFalse();
        assertThat(shell("analytics:opt-out")).doesNotContain(dave.toString());
    }

    @Test
    public void runJobQueuesARunThatJobsThenShows() throws Exception {
        plugin.awaitService(AnalyticsAdmin.class);
        String queued = shell("analytics:run-job analytics.partitions");
        assertThat(queued).startsWith("Queued analytics.partitions, run ");
        // today's partitions run already completed at start; asking again reopens it, and it completes once more
        String run = queued.substring("Queued analytics.partitions, run ".length()).split(",")[0];
        assertThat(queued).doesNotContain("state completed");
        await().atMost(LANDING).until(() -> shell("analytics:jobs --limit 50").lines()
                .anyMatch(line -> line.matches("\\s*analytics\\.partitions\\s+" + run + "\\s+completed\\s.*")));
        assertThatThrownBy(() -> shell("analytics:run-job analytics.nothing")).hasMessageContaining("KIND must be one of analytics.");
    }
}
