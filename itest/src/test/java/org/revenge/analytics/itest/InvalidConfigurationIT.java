package org.revenge.analytics.itest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

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

/** A bad configuration is refused with an error that names the attribute, and a good one recovers. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InvalidConfigurationIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FelixHost.withAnalytics("badconfig");
    }

    @Test
    public void badValuesAreRefusedByNameAndAGoodValueRecovers() throws Exception {
        Plugin plugin = new Plugin(context);

        plugin.configure(Map.of("jdbc.url", Plugin.jdbcUrl(), "jdbc.pool.size", 0));
        assertRefused(plugin, "jdbc.pool.size = '0': must be between 1 and 100");

        plugin.configure(Map.of("jdbc.url", Plugin.jdbcUrl()));
        plugin.awaitService(AnalyticsService.class);

        plugin.configure(Map.of("jdbc.url", "jdbc:mysql://127.0.0.1/revenge"));
        assertRefused(plugin, "jdbc.url = 'jdbc:mysql://127.0.0.1/revenge': must start with jdbc:postgresql:");

        plugin.configure(Map.of("jdbc.url", Plugin.jdbcUrl(), "timezone", "Mars/Olympus"));
        assertRefused(plugin, "timezone = 'Mars/Olympus': is not an IANA time zone");

        plugin.configure(Map.of("jdbc.url", Plugin.jdbcUrl()));
        plugin.awaitService(AnalyticsService.class);
    }

    private static void assertRefused(Plugin plugin, String reason) {
        await().atMost(Plugin.STARTUP).until(() -> Plugin.log().contains(reason));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> plugin.service(AnalyticsService.class).isEmpty());
    }
}
