package org.revenge.analytics.internal.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.db.LiquibaseSchema;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.spi.ImportReport;
import org.revenge.analytics.spi.ImportRequest;
import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.testing.TestPostgres;

/**
 * An import in a JVM of its own, killed with SIGKILL while it reads the file and while it builds
 * the rollups, then run again: nothing of the killed import is counted, the list of imports says
 * it was interrupted, and the second run counts everything once, exactly as one clean import of
 * the same file into another database does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportKillTest {

    static final Instant NOW = Instant.parse("2026-10-28T15:30:00Z");
    /** Enough rows for the import to take seconds: it is killed in the middle, not after. */
    static final int ROWS = 120_000;
    static final String[] COUNTED = {"playback_events", "media_stats_daily", "media_stats_yearly", "server_years", "server_year_hours", "user_item_daily", "library_activity_daily", "user_activity_daily",
        "play_breakdown_daily", "media_user_recency", "user_recency", "user_client_recency", "imported_viewing"};

    @TempDir
    static Path dir;
    Path file;
    DataSource clean;
    ImportReport cleanReport;

    @BeforeAll
    void oneCleanImport() throws Exception {
        file = TautulliFixture.busyServer(dir.resolve("tautulli.db"), ROWS, NOW);
        clean = Databases.migrated("kill_clean");
        cleanReport = importer(clean).importHistory(request(file), (phase, rows) -> { });
        assertThat(cleanReport.plays()).isGreaterThan(50_000);
        assertThat(count(clean, "SELECT count(*) FROM playback_events")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reading", "building"})
    void aKilledImportLeavesNothingCountedAndTheNextRunCountsEverythingOnce(String when) throws Exception {
        String url = TestPostgres.freshDatabase("kill_" + when);
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(url);
        LiquibaseSchema.update(database);
        Path log = dir.resolve("child-" + when + ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Child.class.getName(), url, file.toString())
                .redirectError(log.toFile())
                .start();
        List<String> said = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                said.add(line);
                if (when.equals("reading") && line.startsWith("reading: ")) {
                    break;
                }
                if (when.equals("building") && line.startsWith("counting plays and rollups")) {
                    // the kill lands while the child's transaction writes the rollups
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                            .until(() -> count(database, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                                    + " AND pid <> pg_backend_pid() AND query ~ '(import_media_day|import_pair|playback_events)'") > 0);
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            int exit = child.waitFor();
            assertThat(exit).as(() -> "killed by SIGKILL; the child said " + said + " and " + read(log)).isEqualTo(128 + 9);
        }
        assertThat(said).as("what the child said before the kill").noneMatch(line -> line.startsWith("imported "));
        // the child's backend ends its transaction once it finds the client gone; nothing of it was committed
        await().atMost(Duration.ofMinutes(2)).until(() -> count(database,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        + " AND backend_type = 'client backend'") == 0);
        for (String table : COUNTED) {
            assertThat(count(database, "SELECT count(*) FROM " + table)).as(table).isZero();
        }
        HistoryImporter importer = importer(database);
        assertThat(importer.getImports(10)).singleElement().satisfies(killed -> {
            assertThat(killed.state()).isEqualTo("failed");
            assertThat(killed.error()).contains("interrupted before it committed");
        });

        ImportReport again = importer.importHistory(request(file), (phase, rows) -> { });

        assertThat(again.line()).isEqualTo(cleanReport.line());
        assertThat(again.skipped()).doesNotContainKey(ImportReport.ALREADY_IMPORTED);
        for (String table : ImportBuildTest.TABLES) {
            assertThat(Databases.rows(database, table)).as(table).isEqualTo(Databases.rows(clean, table));
        }
        assertThat(count(database, "SELECT count(*) FROM imported_viewing")).isEqualTo(count(clean, "SELECT count(*) FROM imported_viewing"));
        assertThat(importer.getImports(10)).extracting(ImportReport::state).containsExactly("completed", "failed");
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static HistoryImporter importer(DataSource database) {
        Settings settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC")));
        return new HistoryImporter(AnalyticsStore.over(database), settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static ImportRequest request(Path file) {
        return new ImportRequest(ImportSource.TAUTULLI, file, null, null, null, false);
    }

    static long count(DataSource database, String sql) throws SQLException {
        return Databases.count(database, sql);
    }

    /** The importing JVM: imports the file into the database, saying each phase on a line of its own. */
    public static final class Child {

        private Child() {
        }

        public static void main(String[] args) {
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setURL(args[0]);
            ImportReport report = importer(database).importHistory(request(Path.of(args[1])), (phase, rows) -> {
                System.out.println(phase + ": " + rows);
                System.out.flush();
            });
            System.out.println(report.line());
        }
    }
}
