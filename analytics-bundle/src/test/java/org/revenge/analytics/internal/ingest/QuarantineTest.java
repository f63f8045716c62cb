package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.service.LocalAnalyticsAdmin;
import org.revenge.analytics.internal.service.LocalAnalyticsService;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.internal.store.QuarantineMapper;
import org.revenge.analytics.internal.store.SessionRow;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.QuarantinedRecord;
import org.revenge.analytics.spi.ScanStats;

/**
 * Nothing is retried for ever: a record the database refuses or the code fails on goes to the
 * quarantine, and the rest of its batch, later batches and the journal checkpoint go on. Against
 * a real PostgreSQL, through the pipeline and the admin service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuarantineTest {

    DataSource database;
    AnalyticsStore store;
    Settings settings;
    IngestPipeline pipeline;
    LocalAnalyticsService service;
    LocalAnalyticsAdmin admin;

    @TempDir
    Path journal;

    @BeforeAll
    void database() throws Exception {
        database = Databases.migrated("quarantine");
        store = AnalyticsStore.over(database);
        settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC")));
    }

    @BeforeEach
    void start() throws Exception {
        Databases.execute(database, "DELETE FROM ingest_quarantine");
        Clock clock = Clock.systemUTC();
        pipeline = new IngestPipeline(settings, journal, clock);
        pipeline.bindStore(store);
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        admin = new LocalAnalyticsAdmin(store, pipeline, JobRunner.standalone(store, settings, clock, "quarantine-test"), null,
                settings, clock);
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    private long plays(UUID user) throws Exception {
        return Databases.count(database, "SELECT count(*) FROM playback_events WHERE user_id = '" + user + "'");
    }

    /** A later play lands, the journal empties (so the checkpoint moved), and the writer is idle. */
    private void theWriterGoesOn() throws Exception {
        UUID user = UUID.randomUUID();
        pipeline.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.idle() && plays(user) == 1);
        assertThat(pipeline.stats().journaled()).isZero();
    }

    private static Event scanned(UUID library, long added, Instant at) {
        return new Event(LIBRARY_SCANNED, Map.of(LIBRARY_ID, library.toString(), TOTAL_ITEMS, String.valueOf(added),
                TOTAL_SIZE_BYTES, "1000", MISSING_METADATA, "0", ORPHANED_FILES, "0", ADDED_ITEMS, String.valueOf(added),
                TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    @Test
    void twoSameDayScanEventsWhoseAddedItemsSumPastABigintAreRefusedAtTheDoorNamingTheField() throws Exception {
        UUID library = UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(10));
        pipeline.offer(scanned(library, 5_000_000_000_000_000_000L, at));
        pipeline.offer(scanned(library, 5_000_000_000_000_000_000L, at.plusSeconds(1)));

        assertThat(pipeline.stats().rejectedByReason()).containsKey(TOTAL_ITEMS + ": must be at most N, was N");
        assertThat(pipeline.stats().accepted()).isZero();
        theWriterGoesOn();
    }

    @Test
    void sameDayScansAtTheLargestCountAddUpWithoutOverflow() throws Exception {
        UUID library = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.DAYS).plusSeconds(60);
        for (int i = 0; i < 20; i++) {
            pipeline.offer(scanned(library, ScanStats.MAX_COUNT, at.plusSeconds(i)));
        }
        await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

        assertThat(Databases.rows(database, "SELECT added_items FROM library_stats_daily WHERE library_id = '" + library + "'"))
                .containsExactly(String.valueOf(ScanStats.MAX_COUNT));
        assertThat(admin.countQuarantined()).isZero();
    }

    @Test
    void aScanTheDatabaseRefusesIsQuarantinedAndTheBatchLaterBatchesAndTheCheckpointGoOn() throws Exception {
        // past validation (as a journal of an older version could hold it), the sum overflows a bigint
        UUID library = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(10));
        ScanStats huge = new ScanStats(Long.MAX_VALUE, 1, 0, 0, 5_000_000_000_000_000_000L, at);
        pipeline.record(new Signal.Scan(library, huge));
        pipeline.record(new Signal.Scan(library, new ScanStats(Long.MAX_VALUE, 1, 0, 0, 5_000_000_000_000_000_000L,
                at.plusSeconds(1))));
        pipeline.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 600)));
        await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

        assertThat(plays(user)).as("the rest of the batch").isEqualTo(1);
        assertThat(admin.getQuarantined(10)).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(QuarantinedRecord.SCAN);
            assertThat(entry.reason()).contains("SQLState 22003").contains("bigint out of range");
            assertThat(entry.content()).contains(library.toString()).contains("5000000000000000000");
        });
        assertThat(pipeline.stats().quarantinedByReason()).containsEntry("scan: refused by the database (SQLState 22003)", 1L);
        theWriterGoesOn();
    }

    @Test
    void aScanAtInstantMinIsRefusedByTheServiceNamingTheField() {
        assertThatThrownBy(() -> service.recordLibraryScan(UUID.randomUUID(), new ScanStats(10, 10, 0, 0, 1, Instant.MIN)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("stats.scannedAt"))
                .hasMessageContaining("before 2000-01-01T00:00:00Z");
    }

    @Test
    void aScanTheCodeFailsOnIsQuarantinedInsteadOfBeingJournaledAgainAndAgain() throws Exception {
        // past validation: LocalDate.ofInstant(Instant.MIN) throws in the writer
        UUID library = UUID.randomUUID();
        pipeline.record(new Signal.Scan(library, new ScanStats(10, 10, 0, 0, 1, Instant.MIN)));
        await().atMost(Duration.ofSeconds(30)).until(pipeline::idle);

        assertThat(admin.getQuarantined(10)).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(QuarantinedRecord.SCAN);
            assertThat(entry.reason()).startsWith("could not be processed: DateTimeException");
        });
        assertThat(pipeline.stats().quarantinedByReason()).containsEntry("scan: could not be processed: DateTimeException", 1L);
        theWriterGoesOn();
    }

    @Test
    void aPlayTheDatabaseRefusesIsQuarantinedAndAReDriveThatFailsAgainLeavesOneEntryWithTheNewTime() throws Exception {
        UUID user = UUID.randomUUID();
        // the table's CHECK refuses more than a day of watching
        pipeline.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 90_000)));
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.idle() && admin.countQuarantined() == 1);
        QuarantinedRecord first = admin.getQuarantined(10).get(0);
        assertThat(first.kind()).isEqualTo(QuarantinedRecord.PLAY);
        assertThat(first.reason()).contains("SQLState 23514");

        admin.redriveQuarantined(first.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.getQuarantined(10).stream().noneMatch(e -> e.id() == first.id()));
        assertThat(admin.getQuarantined(10)).singleElement().satisfies(again -> {
            assertThat(again.content()).isEqualTo(first.content());
            assertThat(again.reason()).isEqualTo(first.reason());
        });
        assertThat(plays(user)).isZero();
    }

    @Test
    void aReDriveOfARecordThatCanNowBeStoredStoresItOnceAndEmptiesTheQuarantine() throws Exception {
        UUID user = UUID.randomUUID();
        QuarantineContent.Entry entry = QuarantineContent.of(IngestPipelineTest.play(user, 600));
        store.write("quarantine a play", QuarantineMapper.class, mapper -> {
            mapper.insert(entry.kind(), entry.content(), "refused by the database (SQLState 57014): canceled", Instant.now());
            return null;
        });
        long id = admin.getQuarantined(1).get(0).id();

        admin.redriveQuarantined(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.countQuarantined() == 0);
        assertThat(plays(user)).isEqualTo(1);
    }

    @Test
    void anUnknownEntryIsRefusedNamingTheIdAndADiscardedOneIsGone() throws Exception {
        assertThatThrownBy(() -> admin.redriveQuarantined(-1)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("id"));
        pipeline.record(new Signal.DirectPlay(IngestPipelineTest.play(UUID.randomUUID(), 90_000)));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.countQuarantined() == 1);
        long id = admin.getQuarantined(1).get(0).id();

        assertThat(admin.discardQuarantined(id)).isTrue();
        assertThat(admin.discardQuarantined(id)).isFalse();
        assertThat(admin.countQuarantined()).isZero();
    }

    @Test
    void aQuarantinedScanReDrivenOnceItsDayCanTakeItIsStoredOnceAndLeavesTheQuarantine() throws Exception {
        // past validation (as a journal of an older version could hold it): the second scan's sum overflows a bigint
        UUID library = UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(10));
        pipeline.record(new Signal.Scan(library, new ScanStats(Long.MAX_VALUE, 1, 0, 0, 5_000_000_000_000_000_000L, at)));
        pipeline.record(new Signal.Scan(library, new ScanStats(Long.MAX_VALUE, 2, 0, 0, 5_000_000_000_000_000_000L,
                at.plusSeconds(1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.idle() && admin.countQuarantined() == 1);
        QuarantinedRecord first = admin.getQuarantined(10).get(0);
        assertThat(first.kind()).isEqualTo(QuarantinedRecord.SCAN);

        admin.redriveQuarantined(first.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.getQuarantined(10).stream().noneMatch(e -> e.id() == first.id()));
        QuarantinedRecord again = admin.getQuarantined(10).get(0);
        assertThat(again.content()).as("the day still cannot take it").isEqualTo(first.content());

        // the operator repairs the day, then re-drives
        Databases.execute(database, "DELETE FROM library_stats_daily WHERE library_id = '" + library + "'");
        admin.redriveQuarantined(again.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.countQuarantined() == 0);
        assertThat(Databases.rows(database, "SELECT added_items || ' ' || total_size_bytes FROM library_stats_daily "
                + "WHERE library_id = '" + library + "'")).containsExactly("5000000000000000000 2");
        theWriterGoesOn();
    }

    @Test
    void aSessionRowTheDatabaseRefusesIsQuarantinedAndAReDriveThatFailsAgainLeavesOneEntry() throws Exception {
        // past validation: a client type longer than playback_sessions.client_type takes (50 characters)
        UUID session = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        pipeline.record(new Signal.Started(session, user, UUID.randomUUID(), UUID.randomUUID(), MediaType.MOVIE,
                "c".repeat(60), 0, 6_000, Instant.now().minus(Duration.ofMinutes(5))));
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.idle() && admin.countQuarantined() == 1);
        QuarantinedRecord first = admin.getQuarantined(10).get(0);
        assertThat(first.kind()).isEqualTo(QuarantinedRecord.SESSION);
        assertThat(first.reason()).contains("SQLState 22001");
        assertThat(first.content()).contains(session.toString());
        assertThat(pipeline.stats().quarantinedByReason()).containsEntry("session: refused by the database (SQLState 22001)", 1L);
        theWriterGoesOn();

        admin.redriveQuarantined(first.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.getQuarantined(10).stream().noneMatch(e -> e.id() == first.id()));
        assertThat(admin.getQuarantined(10)).singleElement().satisfies(again -> {
            assertThat(again.kind()).isEqualTo(QuarantinedRecord.SESSION);
            assertThat(again.content()).isEqualTo(first.content());
        });
        assertThat(Databases.count(database, "SELECT count(*) FROM playback_sessions WHERE session_id = '" + session + "'"))
                .isZero();
    }

    @Test
    void aReDriveOfASessionRowThatCanNowBeStoredStoresItOnceAndEmptiesTheQuarantine() throws Exception {
        UUID session = UUID.randomUUID();
        Instant started = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        SessionRow row = new SessionRow(session, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                started, started.plusSeconds(240), null, 240, 240, 240, 6_000, MediaType.MOVIE, false, false, "web");
        QuarantineContent.Entry entry = QuarantineContent.of(row);
        store.write("quarantine a session row", QuarantineMapper.class, mapper -> {
            mapper.insert(entry.kind(), entry.content(), "refused by the database (SQLState 57014): canceled", Instant.now());
            return null;
        });
        long id = admin.getQuarantined(1).get(0).id();

        admin.redriveQuarantined(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.countQuarantined() == 0);
        assertThat(Databases.rows(database, "SELECT watched_sec || ' ' || runtime_sec || ' ' || (closed_at IS NULL) "
                + "FROM playback_sessions WHERE session_id = '" + session + "'")).containsExactly("240 6000 true");
        assertThatThrownBy(() -> admin.redriveQuarantined(id)).as("the entry is gone").isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aSignalTheJournalCannotEncodeIsQuarantinedOnceAndTheRestOfItsBatchIsJournaledAndWritten() throws Exception {
        // past validation: a start without a library, which the journal has no way to write
        UUID session = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        pipeline.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 600)));
        pipeline.record(new Signal.Started(session, UUID.randomUUID(), UUID.randomUUID(), null, MediaType.MOVIE, "web", 0,
                6_000, Instant.now().minus(Duration.ofMinutes(5))));
        pipeline.record(new Signal.DirectPlay(IngestPipelineTest.play(user, 700)));
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.idle() && admin.countQuarantined() == 1);

        assertThat(plays(user)).as("the rest of the batch").isEqualTo(2);
        assertThat(pipeline.stats().appended()).isEqualTo(2);
        assertThat(admin.getQuarantined(10)).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(QuarantinedRecord.SIGNAL);
            assertThat(entry.reason()).startsWith("could not be journaled: java.lang.NullPointerException");
            assertThat(entry.content()).contains(session.toString()).contains("\"libraryId\": null");
        });
        theWriterGoesOn();
        assertThat(admin.countQuarantined()).as("never tried again").isOne();
    }
}
