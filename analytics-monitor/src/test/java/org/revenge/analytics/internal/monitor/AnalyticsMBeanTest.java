package org.revenge.analytics.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsService;
import org.revenge.analytics.spi.ReadReplicaStats;
import org.revenge.analytics.testing.MovingClock;

class AnalyticsMBeanTest {

    private final AnalyticsService analytics = mock(AnalyticsService.class);
    private final AnalyticsAdmin admin = mock(AnalyticsAdmin.class);

    @Test
    void servesTheFiguresAsOpenTypesThroughAnMBeanServer() throws Exception {
        when(analytics.getSystemStats()).thenReturn(Figures.with(Figures.ingest(7, Duration.ofMillis(1500)),
                List.of(Figures.run("analytics.cleanup", "completed", 1, null), Figures.run("analytics.compact", "failed", 3, "x"))));
        when(admin.isEnabled()).thenReturn(true);
        when(admin.countQuarantined()).thenReturn(5L);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(AnalyticsMBean.OBJECT_NAME);
        server.registerMBean(new AnalyticsMBean(analytics, admin, Duration.ofSeconds(5), Clock.systemUTC()), name);
        try {
            assertThat(server.getAttribute(name, "Recording")).isEqualTo(true);
            assertThat(server.getAttribute(name, "EventsAccepted")).isEqualTo(120L);
            assertThat(server.getAttribute(name, "EventsRejected")).isEqualTo(4L);
            assertThat(server.getAttribute(name, "PlaysQueued")).isEqualTo(7L);
            assertThat(server.getAttribute(name, "PlaysJournaled")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "PlaysWritten")).isEqualTo(110L);
            assertThat(server.getAttribute(name, "IngestLagMillis")).isEqualTo(1500L);
            assertThat(server.getAttribute(name, "ActiveSessions")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "RecordsQuarantined")).isEqualTo(3L);
            assertThat(server.getAttribute(name, "QuarantineSize")).isEqualTo(5L);
            assertThat(server.getAttribute(name, "JournalFailures")).isEqualTo(1L);
            TabularData jobs = (TabularData) server.getAttribute(name, "JobStates");
            assertThat(jobs.values()).extracting(row -> ((CompositeData) row).get("key") + "=" + ((CompositeData) row).get("value"))
                    .containsExactlyInAnyOrder("analytics.cleanup=completed", "analytics.compact=failed");
            assertThat(server.getAttribute(name, "ReadingReplica")).isEqualTo(false);
            assertThat(server.getAttribute(name, "ReadReplicaLagMillis")).as("no replica configured").isEqualTo(-1L);
            server.setAttribute(name, new Attribute("Recording", false));
            verify(admin).setEnabled(false);
            // one reading answered every attribute
            verify(analytics, times(1)).getSystemStats();
        } finally {
            server.unregisterMBean(name);
        }
    }

    @Test
    void saysWhetherTheQueriesReadTheReplicaAndItsLag() {
        when(analytics.getSystemStats()).thenReturn(Figures.with(new ReadReplicaStats(true, true, "replica.local:5432/revenge",
                Duration.ofMillis(250), 4096, 0, null)));
        AnalyticsMBean bean = new AnalyticsMBean(analytics, admin, Duration.ZERO, Clock.systemUTC());
        assertThat(bean.isReadingReplica()).isTrue();
        assertThat(bean.getReadReplicaLagMillis()).isEqualTo(250);
    }

    @Test
    void readsAfreshOnceTheReadingIsOlderThanItsMaxAge() {
        when(analytics.getSystemStats()).thenReturn(Figures.with(Figures.ingest(1, null), List.of()),
                Figures.with(Figures.ingest(2, null), List.of()));
        MovingClock clock = new MovingClock(Instant.parse("2026-12-05T12:00:00Z"));
        AnalyticsMBean bean = new AnalyticsMBean(analytics, admin, Duration.ofSeconds(5), clock);
        assertThat(bean.getPlaysQueued()).isEqualTo(1);
        assertThat(bean.getIngestLagMillis()).isZero();
        clock.advance(Duration.ofSeconds(5));
        assertThat(bean.getPlaysQueued()).isEqualTo(2);
    }
}
