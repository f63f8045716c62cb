package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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

/** The plugin started while PostgreSQL is unreachable says so, serves nothing, and recovers. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatabaseOutageIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FelixHost.withAnalytics("outage");
    }

    @Test
    public void startingWithTheDatabaseDownLogsWhyRegistersNothingAndRecoversWhenItIsBack() throws Exception {
        Plugin plugin = new Plugin(context);
        URI server = URI.create(Plugin.jdbcUrl().substring("jdbc:".length()));
        try (TcpRelay relay = new TcpRelay(server.getHost(), server.getPort())) {
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
            await().atMost(Plugin.STARTUP).until(() -> analytics.getUserStats(user, Duration.ofDays(1)).plays() == 1);

            // the database goes away under a running plugin: recording goes on into the journal,
            // queries fail with a clear error, and everything lands once it is back
            relay.stop();
            analytics.recordPlayback(play(user));
            // a rolling window, since a whole-day answer may come from the cache, which nothing written has dropped
            assertThat(catchThrowable(() -> analytics.getUserStats(user, Duration.ofHours(1))))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageStartingWith("Cannot read the user's statistics");
            await().atMost(Plugin.STARTUP).until(() -> Plugin.log().contains("Analytics could not write"));
            relay.start();
            await().atMost(Plugin.STARTUP).ignoreExceptions()
                    .until(() -> analytics.getUserStats(user, Duration.ofDays(1)).plays() == 2);
        }
    }

    private static PlaybackEvent play(UUID user) {
        Instant start = Instant.now().minusSeconds(600);
        return new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE, start,
                start.plusSeconds(300), 290, false, "web");
    }
}
