package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.StorageUnavailableException;

/**
 * The plugin started while PostgreSQL is unreachable says so, serves nothing, and recovers; while
 * the database is away under a running plugin, queries fail clearly, in Java and over HTTP (503).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatabaseOutageIT {

    @Inject
    private BundleContext context;

    private static final String ADMIN = "root";
    private static final String PASSWORD = "root-secret";
    /** Whole days end today: two of them hold a play of ten minutes ago even just after midnight. */
    private static final Duration TODAY_AND_YESTERDAY = Duration.ofDays(2);

    @Configuration
    public Option[] config() {
        // a fixed port outside the ephemeral range: a free one chosen from that range could be taken before Jetty binds it
        return FelixHost.withAnalyticsAdmin("outage", 28311);
    }

    @Test
    public void startingWithTheDatabaseDownLogsWhyRegistersNothingAndRecoversWhenItIsBack() throws Exception {
        Plugin plugin = new Plugin(context);
        HostLogins.register(context, Map.of(ADMIN, PASSWORD), Map.of(ADMIN, Set.of("admin")), Map.of());
        URI server = URI.create(Plugin.jdbcUrl().substring("jdbc:".length()));
        try (TcpRelay relay = new TcpRelay(28331, server.getHost(), server.getPort())) {
            String throughRelay = "jdbc:postgresql://127.0.0.1:" + relay.port() + server.getRawPath() + "?"
                    + server.getRawQuery() + "&connectTimeout=2";
            plugin.configure(Map.of("jdbc.url", throughRelay, "jdbc.connect.timeout.sec", 2));

            await().atMost(Plugin.STARTUP)
                    .until(() -> Plugin.log().contains("Analytics cannot reach its database ("));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> plugin.service(AnalyticsService.class).isEmpty());
            assertThat(Plugin.log()).contains("it stays off and tries again in");

            relay.start();
            AnalyticsService analytics = plugin.awaitService(AnalyticsService.class);
            UUID user = UUID.randomUUID();
            analytics.recordPlayback(play(user));
            await().atMost(Plugin.STARTUP).until(() -> analytics.getUserStats(user, TODAY_AND_YESTERDAY).plays() == 1);

            // the database goes away under a running plugin: recording goes on into the journal,
            // queries fail with a clear error, and everything lands once it is back
            relay.stop();
            analytics.recordPlayback(play(user));
            // a rolling window, since a whole-day answer may come from the cache, which nothing written has dropped
            assertThat(catchThrowable(() -> analytics.getUserStats(user, Duration.ofHours(1))))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageStartingWith("Cannot read the user's statistics");
            // and over HTTP: 503, said in JSON, with nothing of the failure's insides
            HttpResponse<String> answer = get("/analytics/api/v1/users/" + user + "/stats?period=PT1H");
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("\"status\":503", "the analytics database is not available")
                    .doesNotContain("Exception", "at org.");
            await().atMost(Plugin.STARTUP).until(() -> Plugin.log().contains("Analytics could not write"));
            relay.start();
            await().atMost(Plugin.STARTUP).ignoreExceptions()
                    .until(() -> analytics.getUserStats(user, TODAY_AND_YESTERDAY).plays() == 2);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        String port = System.getProperty(FelixHost.HTTP_PORT);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static PlaybackEvent play(UUID user) {
        Instant start = Instant.now().minusSeconds(600);
        return new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, start,
                start.plusSeconds(300), 290, false, "web");
    }
}
