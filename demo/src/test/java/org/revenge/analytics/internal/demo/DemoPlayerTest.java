package org.revenge.analytics.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.AnalyticsTopics;

class DemoPlayerTest {

    private static final DemoSettings SETTINGS = new DemoSettings(4, 6, 3, 0, 10, 0);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T18:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    private final List<Event> posted = new ArrayList<>();
    private final EventAdmin eventAdmin = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    };
    private final AnalyticsService analytics = (AnalyticsService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AnalyticsService.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });

    private DemoPlayer player() {
        return new DemoPlayer(eventAdmin, SETTINGS, CLOCK, ZoneId.of("UTC"), data.resolve("history.properties").toFile());
    }

    @Test
    void postsNothingUntilAnalyticsIsThere() {
        DemoPlayer player = player();
        player.tick();
        assertThat(posted).isEmpty();

        player.bindAnalytics(analytics);
        player.tick();
        assertThat(posted).filteredOn(event -> event.getTopic().equals(AnalyticsTopics.LIBRARY_SCANNED))
                .as("three days of scans and one scan now, of five libraries").hasSize(4 * 5);
    }

    @Test
    void postsTheHistoryOnceAcrossRestarts() {
        DemoPlayer first = player();
        first.bindAnalytics(analytics);
        first.tick();
        long history = posted.stream().filter(event -> (Long) event.getProperty(AnalyticsTopics.TIMESTAMP)
                < CLOCK.millis() - 86_400_000L).count();
        assertThat(history).isPositive();

        posted.clear();
        DemoPlayer second = player();
        second.bindAnalytics(analytics);
        second.tick();
        assertThat(posted).noneMatch(event -> (Long) event.getProperty(AnalyticsTopics.TIMESTAMP)
                < CLOCK.millis() - 86_400_000L);
    }
}
