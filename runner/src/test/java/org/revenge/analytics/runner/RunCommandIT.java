package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher behind {@code ./run}, as an operator uses it: started with {@code --demo} on a data
 * directory of its own (and ports of its own, so a running ./run or Karaf does not matter), plays
 * appear in the embedded PostgreSQL, SIGINT stops everything it started, and a second start, without
 * the demo, has the same plays and takes the demo away.
 */
class RunCommandIT {

    private final Launcher launcher = new Launcher("run", 29101);
    private boolean passed;

    @Test
    void demoPlaysAreRecordedEverythingStopsOnSigintAndTheNextStartHasThem() throws Exception {
        Process first = launcher.start(List.of(), "first.out", "--demo");
        await("plays and library scans of the demo in PostgreSQL").atMost(Launcher.START).pollInterval(Duration.ofSeconds(2))
                .until(() -> Launcher.alive(first) && count("SELECT count(*) FROM playback_events") > 0
                        && count("SELECT count(*) FROM library_stats_daily") > 0);
        // what a newcomer sees: the figures through the HTTP API within a minute of Karaf being up
        await("the banner").atMost(Launcher.START).until(() -> Launcher.alive(first)
                && launcher.output("first.out").contains("Karaf is up with"));
        await("non-empty figures from the HTTP API").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> PLAYS_7D.matcher(get("/analytics/api/v1/system", "karaf:karaf")).find());
        assertThat(get("/analytics/api/v1/system", "karaf:wrong")).as("a wrong password, against Karaf's JAAS realm").isEmpty();
        assertThat(launcher.output("first.out")).contains(launcher.url("/system/console/analytics"),
                launcher.url("/analytics/api/v1"));
        Set<String> plays = ids();
        launcher.assertKarafShutdownPortIsTheGivenOne();
        long karaf = Long.parseLong(Files.readString(launcher.data.resolve("karaf/karaf.pid")).strip());
        long postgres = Long.parseLong(Files.readAllLines(launcher.data.resolve("postgres/postmaster.pid")).get(0).strip());

        launcher.interrupt(first);
        assertThat(launcher.output("first.out")).contains("Karaf has stopped", "Everything has stopped");
        assertEverythingStopped(karaf, postgres);

        Process second = launcher.start(List.of(), "second.out");
        await("the second start").atMost(Launcher.START).pollInterval(Duration.ofSeconds(1))
                .until(() -> !second.isAlive() || launcher.output("second.out").contains("Karaf is up with"));
        assertThat(launcher.output("second.out")).contains("Karaf is up with revenge-analytics-admin (", "Uninstalled revenge-analytics-demo");
        assertThat(ids()).as("the plays of the first run").containsAll(plays);
        assertThat(count("SELECT count(*) - count(DISTINCT (user_id, started_at)) FROM playback_events")).as("plays recorded twice").isZero();

        launcher.interrupt(second);
        assertThat(launcher.output("second.out")).contains("Everything has stopped");
        assertThat(launcher.processesOfThisDataDirectory()).isEmpty();
        passed = true;
    }

    @AfterEach
    void cleanUp() throws IOException {
        launcher.close(passed);
    }

    private void assertEverythingStopped(long karaf, long postgres) {
        assertThat(ProcessHandle.of(karaf).filter(ProcessHandle::isAlive)).as("Karaf's JVM").isEmpty();
        assertThat(ProcessHandle.of(postgres).filter(ProcessHandle::isAlive)).as("PostgreSQL").isEmpty();
        assertThat(launcher.data.resolve("postgres/postmaster.pid")).as("PostgreSQL shut down cleanly").doesNotExist();
        assertThat(launcher.processesOfThisDataDirectory()).isEmpty();
    }

    private static final Pattern PLAYS_7D = Pattern.compile("\"plays7d\"\\s*:\\s*[1-9]");

    /** GET with a login ("user:password"); the body, or "" unless the answer is 200. */
    private String get(String path, String login) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(launcher.url(path)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes()))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + launcher.pgPort + "/postgres?user=postgres";
    }

    private long count(String sql) {
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private Set<String> ids() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_id || ' ' || started_at FROM playback_events")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
