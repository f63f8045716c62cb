package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;

/**
 * The writer and its appender on their own, against a real PostgreSQL: journal first, database when
 * it is there, and nothing on the callers' side waits for the database.
 */
class IngestWriterTest {

    @TempDir
    Path journalDir;

    private final Clock clock = Clock.systemUTC();
    private final IngestCounters counters = new IngestCounters();
    private final SignalQueue queue = new SignalQueue(1_000);
    private final UserHolds holds = new UserHolds(clock, queue::handedOver);
    private final Admission admission = new Admission(clock, Settings.from(TestConfigs.analytics(Map.of())), counters, holds,
            queue);
    private Journal journal;
    private IngestWriter writer;

    private void start() throws Exception {
        journal = new Journal(journalDir);
        writer = new IngestWriter(clock, journal, queue, admission, holds, counters);
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void withoutADatabaseItJournalsAndOnceOneIsThereItWritesEachPlayOnce() throws Exception {
        start();
        UUID user = UUID.randomUUID();
        admission.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 600)));
        admission.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 700)));
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.size() == 2);
        assertThat(writer.idle()).isFalse();

        DataSource database = Databases.migrated("writer");
        writer.store(AnalyticsStore.over(database));
        await().atMost(Duration.ofSeconds(30)).until(writer::idle);

        assertThat(Databases.count(database, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'"))
                .isEqualTo(2);
        assertThat(journal.size()).isZero();
        assertThat(counters.snapshot(0, 0, Duration.ZERO).written()).isEqualTo(2);
    }

    @Test
    void whatItCouldNotWriteByTheStopStaysInTheJournalForTheNextStart() throws Exception {
        start();
        admission.record(new Signal.DirectPlay(IngestPipelineTest.play(UUID.randomUUID(), 600)));
        assertThat(writer.stop(Duration.ofSeconds(30))).isTrue();
        writer = null;

        try (Journal reopened = new Journal(journalDir)) {
            assertThat(reopened.size()).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseWhoseConnectionAttemptsHangHoldsUpNeitherTheQueueNorTheJournal() throws Exception {
        start();
        CountDownLatch attempted = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        DataSource hanging = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        attempted.countDown();
                        // as a connection attempt to a database that is away waits for jdbc.connect.timeout.sec
                        released.await(60, TimeUnit.SECONDS);
                        throw new SQLTransientConnectionException("the database is away", "08001");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        writer.store(AnalyticsStore.over(hanging));
        assertThat(attempted.await(10, TimeUnit.SECONDS)).as("the writer tries the database").isTrue();
        try {
            UUID user = UUID.randomUUID();
            Instant start = Instant.now().minus(Duration.ofDays(1));
            // five times the queue's capacity, while the writer waits on its connection attempt
            for (int i = 0; i < 2_500; i++) {
                for (Signal signal : Sessions.of(user, start.plusSeconds(i))) {
                    if (queue.size() >= queue.capacity()) {
                        await().atMost(Duration.ofSeconds(10)).until(() -> queue.size() < queue.capacity());
                    }
                    assertThat(admission.record(signal)).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> journal.size() == 5_000);
            assertThat(attempted.getCount()).isZero();
            assertThat(released.getCount()).as("the connection attempt was still waiting").isOne();
            assertThat(counters.snapshot(0, 0, Duration.ZERO).rejected()).isZero();
        } finally {
            released.countDown();
        }
    }
}
