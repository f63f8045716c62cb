package org.revenge.analytics.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.revenge.analytics.spi.AnalyticsTopics.LIBRARY_ID;
import static org.revenge.analytics.spi.AnalyticsTopics.MEDIA_ID;
import static org.revenge.analytics.spi.AnalyticsTopics.MEDIA_TYPE;
import static org.revenge.analytics.spi.AnalyticsTopics.PLAYBACK_STARTED;
import static org.revenge.analytics.spi.AnalyticsTopics.PLAYBACK_STOPPED;
import static org.revenge.analytics.spi.AnalyticsTopics.POSITION_SEC;
import static org.revenge.analytics.spi.AnalyticsTopics.RUNTIME_SEC;
import static org.revenge.analytics.spi.AnalyticsTopics.SESSION_ID;
import static org.revenge.analytics.spi.AnalyticsTopics.TIMESTAMP;
import static org.revenge.analytics.spi.AnalyticsTopics.USER_ID;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.revenge.analytics.internal.config.Settings;
import org.revenge.analytics.internal.export.ExportReads;
import org.revenge.analytics.internal.config.TestConfigs;
import org.revenge.analytics.internal.ingest.IngestPipeline;
import org.revenge.analytics.internal.jobs.JobRunner;
import org.revenge.analytics.internal.names.HostNames;
import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.Databases;
import org.revenge.analytics.internal.store.PeakStreamsMapper;
import org.revenge.analytics.spi.AnalyticsDisabledException;
import org.revenge.analytics.spi.CatalogueNames;
import org.revenge.analytics.spi.ExportFormat;
import org.revenge.analytics.spi.InvalidInputException;
import org.revenge.analytics.spi.JobRun;
import org.revenge.analytics.spi.LibraryStats;
import org.revenge.analytics.spi.MediaTitle;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PeakStreams;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlayRecord;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;
import org.revenge.analytics.spi.UserErasure;

/** The admin service, the ingest pipeline's privacy filters and the writer, against a real PostgreSQL database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAnalyticsAdminTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final UUID EXCLUDED_USER = new UUID(5, 1);
    static final UUID EXCLUDED_LIBRARY = new UUID(5, 2);
    /** The one library the host names in these tests; every item is named, no user is. */
    static final UUID NAMED_LIBRARY = new UUID(6, 4);
    static final String TITLE = "Salt and Stone S2E8 · Quiet River (2021)";

    DataSource database;
    AnalyticsStore store;
    Settings settings;
    IngestPipeline pipeline;
    JobRunner jobs;
    LocalAnalyticsService service;
    LocalAnalyticsAdmin admin;

    @BeforeAll
    void start(@TempDir Path journal) throws Exception {
        database = Databases.migrated("admin");
        store = AnalyticsStore.over(database);
        settings = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC",
                "privacy.excluded.users", EXCLUDED_USER.toString(), "privacy.excluded.libraries", EXCLUDED_LIBRARY.toString())));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        pipeline = new IngestPipeline(settings, journal, clock);
        pipeline.bindStore(store);
        jobs = JobRunner.standalone(store, settings, clock, "admin-test");
        service = new LocalAnalyticsService(store, pipeline, settings, clock);
        HostNames names = HostNames.none();
        names.add(new CatalogueNames() {
            @Override
            public Optional<MediaTitle> mediaTitle(UUID mediaId) {
                return Optional.of(MediaTitle.episode("Salt and Stone", 2, 8, "Quiet River", 2021));
            }

            @Override
            public Optional<String> libraryName(UUID libraryId) {
                return libraryId.equals(NAMED_LIBRARY) ? Optional.of("Films") : Optional.empty();
            }
        });
        admin = LocalAnalyticsAdmin.withExports(store, new ExportReads(store, 2, Duration.ofMinutes(5)), pipeline, jobs, null, settings, clock, names);
    }

    @AfterAll
    void stop() throws Exception {
        pipeline.close();
    }

    static PlaybackEvent play(UUID user, UUID library, Instant start, int seconds, String client) {
        return new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), library, MediaType.EPISODE, start,
                start.plusSeconds(seconds + 30), seconds, seconds > 1000, client);
    }

    void recordAll(PlaybackEvent... plays) {
        List.of(plays).forEach(service::recordPlayback);
        await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);
    }

    void host(Event event) {
        pipeline.offer(event);
        await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);
    }

    static Event started(UUID session, UUID user, Instant at) {
        return new Event(PLAYBACK_STARTED, Map.of(SESSION_ID, session.toString(), USER_ID, user.toString(),
                MEDIA_ID, new UUID(6, 1).toString(), LIBRARY_ID, new UUID(6, 2).toString(), MEDIA_TYPE, "movie",
                POSITION_SEC, "0", RUNTIME_SEC, "6000", TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    static Event stopped(UUID session, int positionSec, Instant at) {
        return new Event(PLAYBACK_STOPPED, Map.of(SESSION_ID, session.toString(), POSITION_SEC, String.valueOf(positionSec),
                TIMESTAMP, String.valueOf(at.toEpochMilli())));
    }

    long count(String table, UUID user) throws SQLException {
        return Databases.count(database, "SELECT count(*) FROM " + table + " WHERE user_id = '" + user + "'");
    }

    long ignored(String reason) {
        return service.getSystemStats().ingest().rejectedByReason().getOrDefault("ignored: " + reason, 0L);
    }

    @Test
    void thePlaysOfADayComeInPagesByStartThenUserWithinTheDaysBounds() {
        LocalDate day = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(20);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        UUID first = new UUID(9, 1);
        UUID second = new UUID(9, 2);
        UUID third = new UUID(9, 3);
        recordAll(play(first, NAMED_LIBRARY, midnight.minusSeconds(1), 600, "web"),
                play(second, NAMED_LIBRARY, midnight, 600, "web"),
                play(third, NAMED_LIBRARY, midnight.plusSeconds(36_000), 600, "web"),
                play(first, NAMED_LIBRARY, midnight.plusSeconds(36_000), 600, "kodi"),
                play(second, NAMED_LIBRARY, midnight.plusSeconds(86_400), 600, "web"));

        List<PlayRecord> page = admin.getPlaysOn(day, null, 2);
        assertThat(page).extracting(PlayRecord::userId, PlayRecord::startedAt)
                .containsExactly(tuple(second, midnight), tuple(first, midnight.plusSeconds(36_000)));
        assertThat(page.get(1).clientType()).isEqualTo("kodi");
        assertThat(admin.getPlaysOn(day, page.get(1), 2)).as("the last page: shorter than the limit")
                .extracting(PlayRecord::userId, PlayRecord::startedAt).containsExactly(tuple(third, midnight.plusSeconds(36_000)));
        assertThat(admin.getPlaysOn(day.minusDays(400), null, 10)).isEmpty();
        assertThatThrownBy(() -> admin.getPlaysOn(null, null, 10)).isInstanceOf(InvalidInputException.class).hasMessageContaining("day");
        assertThatThrownBy(() -> admin.getPlaysOn(day, null, 0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("limit");
    }

    @Test
    void pagingThroughADayGivesEveryPlayOnceInOrderWhateverTheHourlyTotalsSay() throws Exception {
        LocalDate day = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(26);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<PlaybackEvent> plays = new java.util.ArrayList<>();
        // 40 plays of 5 users: a crowded hour, a quieter one, empty hours, several at one moment
        for (int i = 0; i < 40; i++) {
            int hour = i < 20 ? 3 : i < 26 ? 4 : 9 + i % 7;
            plays.add(play(new UUID(8, i % 5), NAMED_LIBRARY, midnight.plusSeconds(hour * 3600L + (i % 4) * 60), 600, "web"));
        }
        recordAll(plays.toArray(PlaybackEvent[]::new));
        // the hourly totals then count plays that are gone (hour 4) and miss plays that came past the writer (hour 6)
        Databases.execute(database, "DELETE FROM playback_events WHERE started_at >= '" + day + "T04:00Z' AND started_at < '"
                + day + "T05:00Z'");
        Databases.execute(database, "INSERT INTO playback_events (started_at, user_id, media_id, library_id, duration_sec, "
                + "ended_sec, media_type, completed) SELECT '" + day + "T06:00Z'::timestamptz + g * interval '1 minute', "
                + "gen_random_uuid(), gen_random_uuid(), '" + NAMED_LIBRARY + "', 100, 100, 1, false FROM generate_series(1, 5) g");

        List<String> expected = Databases.rows(database,
                "SELECT user_id || ' ' || to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM playback_events "
                        + "WHERE started_at >= '" + day + "T00:00Z' AND started_at < '" + day.plusDays(1) + "T00:00Z' ORDER BY started_at, user_id");
        assertThat(pages(day, 4)).as("every play of the day once, by start and then user").containsExactlyElementsOf(expected);
        assertThat(expected).hasSize(40 - 6 + 5);
        // compacted, the day is in key order and read through its index on the minute
        Databases.execute(database, "SELECT analytics_compact_playback_partition('" + day + "')");
        assertThat(pages(day, 4)).as("the same, compacted").containsExactlyElementsOf(expected);
        assertThat(pages(day, 1)).as("a play a page").containsExactlyElementsOf(expected);
    }

    /** Every play of {@code day}, page by page: user and start of each. */
    private List<String> pages(LocalDate day, int limit) {
        List<String> paged = new java.util.ArrayList<>();
        PlayRecord after = null;
        List<PlayRecord> page;
        do {
            page = admin.getPlaysOn(day, after, limit);
            page.forEach(play -> paged.add(play.userId() + " " + play.startedAt()));
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == limit);
        return paged;
    }

    /**
     * Today's peak of concurrent plays is what the peak streams job counted a moment ago, not a sweep
     * of today's plays at every call; an erasure drops the count, and the day is swept again.
     */
    @Test
    void todaysPeakIsTheJobsCountWhileItIsFreshAndAnErasureDropsIt() throws Exception {
        Instant start = NOW.minusSeconds(1200);
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        org.junit.jupiter.api.Assumptions.assumeTrue(LocalDate.ofInstant(start, ZoneOffset.UTC).equals(today),
                "the plays of 20 minutes ago fall on yesterday in the first 20 minutes of a UTC day");
        UUID erased = new UUID(11, 1);
        recordAll(play(erased, NAMED_LIBRARY, start, 600, "web"), play(new UUID(11, 2), NAMED_LIBRARY, start.plusSeconds(5), 600, "web"));
        jobs.peakStreams();
        int counted = todaysPeak();
        assertThat(counted).isEqualTo(sweptPeak(today));

        recordAll(play(new UUID(11, 3), NAMED_LIBRARY, start.plusSeconds(10), 600, "web"),
                play(new UUID(11, 4), NAMED_LIBRARY, start.plusSeconds(10), 600, "web"));
        assertThat(sweptPeak(today)).as("two more at once since the count").isEqualTo(counted + 2);
        assertThat(todaysPeak()).as("the count of a moment ago").isEqualTo(counted);
        jobs.peakStreams();
        assertThat(todaysPeak()).as("the next count").isEqualTo(counted + 2);

        admin.eraseUser(erased);
        assertThat(Databases.count(database, "SELECT count(*) FROM peak_streams_recent")).as("the count goes with the erasure").isZero();
        assertThat(todaysPeak()).as("swept again, without the erased user's play").isEqualTo(counted + 1).isEqualTo(sweptPeak(today));
    }

    private int todaysPeak() {
        List<PeakStreams> days = service.getPeakStreamsByDay(Duration.ofDays(1));
        return days.get(days.size() - 1).streams();
    }

    private int sweptPeak(LocalDate day) {
        return store.read("sweep a day", PeakStreamsMapper.class, mapper -> mapper.fromPlays(List.of(day), "UTC", NOW)).stream()
                .mapToInt(PeakStreams::streams).max().orElse(0);
    }

    @Nested
    class OptingOut {

        @Test
        void anOptedOutUsersPlaysAreAcceptedAndDroppedAndCounted() throws SQLException {
            UUID user = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            long before = ignored("the user opted out");

            admin.setOptedOut(user, true);
            recordAll(play(user, new UUID(6, 2), NOW.minusSeconds(3600), 600, "web"),
                    play(other, new UUID(6, 2), NOW.minusSeconds(3600), 600, "web"));

            assertThat(count("playback_events", user)).isZero();
            assertThat(count("playback_events", other)).isOne();
            assertThat(admin.isOptedOut(user)).isTrue();
            assertThat(admin.getOptedOutUsers()).contains(user);
            assertThat(ignored("the user opted out")).isEqualTo(before + 1);
        }

        @Test
        void optingBackInRecordsTheUserAgain() throws SQLException {
            UUID user = UUID.randomUUID();
            admin.setOptedOut(user, true);
            admin.setOptedOut(user, false);

            recordAll(play(user, new UUID(6, 2), NOW.minusSeconds(3600), 600, "web"));

            assertThat(admin.isOptedOut(user)).isFalse();
            assertThat(count("playback_events", user)).isOne();
        }

        @Test
        void anOptedOutUsersOpenSessionIsDroppedAndItsStopRecordsNothing() throws SQLException {
            UUID user = UUID.randomUUID();
            UUID session = UUID.randomUUID();
            host(started(session, user, NOW.minusSeconds(1200)));
            await().atMost(Duration.ofSeconds(20)).until(() -> count("playback_sessions", user) == 1);

            admin.setOptedOut(user, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> count("playback_sessions", user) == 0);
            host(stopped(session, 1100, NOW.minusSeconds(60)));

            assertThat(count("playback_events", user)).isZero();
        }

        @Test
        void excludedUsersAndLibrariesFromTheConfigurationAreNotStored() throws SQLException {
            UUID user = UUID.randomUUID();
            long users = ignored("the user is excluded by privacy.excluded.users");
            long libraries = ignored("the library is excluded by privacy.excluded.libraries");

            recordAll(play(EXCLUDED_USER, new UUID(6, 2), NOW.minusSeconds(3600), 600, "web"),
                    play(user, EXCLUDED_LIBRARY, NOW.minusSeconds(3600), 600, "web"));

            assertThat(count("playback_events", EXCLUDED_USER)).isZero();
            assertThat(count("playback_events", user)).isZero();
            assertThat(ignored("the user is excluded by privacy.excluded.users")).isEqualTo(users + 1);
            assertThat(ignored("the library is excluded by privacy.excluded.libraries")).isEqualTo(libraries + 1);
        }
    }

    @Nested
    class Erasing {

        @Test
        void anOpenSessionCannotBringAnErasedUserBack() throws SQLException {
            UUID user = UUID.randomUUID();
            UUID session = UUID.randomUUID();
            recordAll(play(user, new UUID(6, 3), NOW.minusSeconds(7200), 600, "web"));
            host(started(session, user, NOW.minusSeconds(1200)));
            await().atMost(Duration.ofSeconds(20)).until(() -> count("playback_sessions", user) == 1);

            UserErasure erasure = admin.eraseUser(user);
            host(stopped(session, 1100, NOW.minusSeconds(60)));

            assertThat(erasure.userId()).isEqualTo(user);
            assertThat(erasure.playsRemoved()).isOne();
            // the user's day, their last day on the client, their recency, their item's last day and their item's
            // day; the open session's row the writer already deleted when it let go of the user, before the
            // erasure's transaction
            assertThat(erasure.rowsRemoved()).isEqualTo(5);
            assertThat(erasure.rowsAdjusted()).isPositive();
            for (String table : List.of("playback_events", "playback_sessions", "user_activity_daily", "user_recency",
                    "media_user_recency", "user_client_recency", "user_item_daily")) {
                assertThat(count(table, user)).as(table).isZero();
            }
            assertThat(Databases.count(database, "SELECT count(*) FROM library_activity_daily WHERE library_id = '"
                    + new UUID(6, 3) + "'")).as("the library's day the user alone made").isZero();
        }

        /**
         * The erased user's plays leave the day's play methods, and the day's peak of concurrent plays
         * (stored by the daily check) is counted again without them.
         */
        @Test
        void anErasedUsersPlaysLeaveThePlayMethodsAndThePeakOfTheirDay() throws SQLException {
            LocalDate day = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(23);
            Instant ten = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
            UUID erased = UUID.randomUUID();
            UUID kept = UUID.randomUUID();
            recordAll(methodPlay(erased, ten, PlayMethod.TRANSCODE), methodPlay(erased, ten.plusSeconds(600), PlayMethod.TRANSCODE),
                    methodPlay(kept, ten.plusSeconds(1200), PlayMethod.DIRECT_PLAY));
            jobs.aggregate(day, settings);
            String methods = "SELECT play_method, play_count, watch_time_sec FROM play_method_daily WHERE day = '" + day + "' ORDER BY 1";
            String peak = "SELECT peak_streams, peak_at FROM peak_streams_daily WHERE day = '" + day + "'";
            assertThat(Databases.rows(database, methods)).containsExactly("1 | 1 | 1800", "3 | 2 | 3600");
            assertThat(Databases.rows(database, peak)).containsExactly("3 | " + day + " 10:20:00+00");

            UserErasure erasure = admin.eraseUser(erased);

            assertThat(erasure.playsRemoved()).isEqualTo(2);
            assertThat(Databases.rows(database, methods)).as("the transcoded plays were the erased user's").containsExactly("1 | 1 | 1800");
            assertThat(Databases.rows(database, peak)).containsExactly("1 | " + day + " 10:20:00+00");
            store.changed();
            assertThat(service.getPeakStreamsByDay(Duration.ofDays(24)).get(0))
                    .isEqualTo(new PeakStreams(day, 1, ten.plusSeconds(1200)));
        }

        private PlaybackEvent methodPlay(UUID user, Instant start, PlayMethod method) {
            return new PlaybackEvent(UUID.randomUUID(), user, UUID.randomUUID(), new UUID(6, 5), MediaType.MOVIE, start,
                    start.plusSeconds(1800), 1800, false, "web", method);
        }

        @Test
        void anErasedUserIsRecordedAgainAfterwardsUnlessOptedOut() throws SQLException {
            UUID user = UUID.randomUUID();
            recordAll(play(user, new UUID(6, 2), NOW.minusSeconds(7200), 600, "web"));

            admin.eraseUser(user);
            recordAll(play(user, new UUID(6, 2), NOW.minusSeconds(600), 300, "web"));

            assertThat(count("playback_events", user)).isOne();
        }

        @Test
        void aMissingUserIsRefusedByName() {
            assertThatThrownBy(() -> admin.eraseUser(null)).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("userId"));
        }
    }

    @Nested
    class Reading {

        @Test
        void aUsersHistoryIsNewestFirstAndLimited() {
            UUID user = UUID.randomUUID();
            PlaybackEvent older = play(user, new UUID(6, 2), NOW.minusSeconds(9000), 600, "web");
            PlaybackEvent newer = play(user, new UUID(6, 2), NOW.minusSeconds(3000), 1200, null);
            recordAll(older, newer);

            assertThat(admin.getUserHistory(user, 10)).containsExactly(
                    new PlayRecord(user, newer.startedAt(), newer.endedAt(), newer.mediaId(), newer.libraryId(),
                            MediaType.EPISODE, null, 1200, true),
                    new PlayRecord(user, older.startedAt(), older.endedAt(), older.mediaId(), older.libraryId(),
                            MediaType.EPISODE, "web", 600, false));
            assertThat(admin.getUserHistory(user, 1)).hasSize(1);
            assertThatThrownBy(() -> admin.getUserHistory(user, 0)).hasMessageContaining("limit");
        }

        @Test
        void theLibrariesAreListedByIdWithTheirLatestSnapshot() {
            UUID first = new UUID(7, 1);
            UUID second = new UUID(7, 2);
            service.recordLibraryScan(second, new ScanStats(20, 2000, 1, 0, 3, NOW.minusSeconds(60)));
            service.recordLibraryScan(first, new ScanStats(10, 1000, 0, 0, 10, NOW.minusSeconds(120)));
            await().atMost(Duration.ofSeconds(20)).until(pipeline::idle);

            assertThat(service.getLibraries()).extracting(LibraryStats::libraryId, LibraryStats::totalItems)
                    .containsSubsequence(org.assertj.core.groups.Tuple.tuple(first, 10L),
                            org.assertj.core.groups.Tuple.tuple(second, 20L));
            // the admin service's deprecated list is the same
            assertThat(admin.getLibraries()).isEqualTo(service.getLibraries());
        }
    }

    @Nested
    class Exporting {

        @Test
        void playsAreExportedAsCsvOldestFirstWithinTheRange() throws Exception {
            UUID user = UUID.randomUUID();
            Instant base = NOW.minus(Duration.ofDays(3));
            PlaybackEvent a = play(user, new UUID(6, 4), base, 600, "web");
            PlaybackEvent b = play(user, new UUID(6, 4), base.plus(Duration.ofDays(1)), 1200, null);
            PlaybackEvent outside = play(user, new UUID(6, 4), base.plus(Duration.ofDays(2)), 300, "web");
            recordAll(a, b, outside);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            long written = admin.exportPlays(base, base.plus(Duration.ofDays(2)), ExportFormat.CSV, out);

            List<String> lines = List.of(out.toString(StandardCharsets.UTF_8).split("\r\n"));
            List<String> userLines = lines.stream().filter(line -> line.startsWith(user.toString())).toList();
            String names = "," + user.toString().substring(0, 8) + "," + TITLE + ",Films";
            assertThat(lines.get(0)).isEqualTo("userId,startedAt,endedAt,mediaId,libraryId,mediaType,clientType,durationSec,completed,"
                    + "userName,title,libraryName");
            assertThat(userLines).containsExactly(
                    user + "," + a.startedAt() + "," + a.endedAt() + "," + a.mediaId() + "," + a.libraryId() + ",episode,web,600,false" + names,
                    user + "," + b.startedAt() + "," + b.endedAt() + "," + b.mediaId() + "," + b.libraryId() + ",episode,,1200,true" + names);
            assertThat(written).isEqualTo(lines.size() - 1).isEqualTo(Databases.count(database, "SELECT count(*) FROM "
                    + "playback_events WHERE started_at >= '" + base + "' AND started_at < '" + base.plus(Duration.ofDays(2)) + "'"));
        }

        @Test
        void playsAreExportedAsOneJsonArray() throws Exception {
            UUID user = UUID.randomUUID();
            PlaybackEvent a = play(user, new UUID(6, 5), NOW.minus(Duration.ofDays(5)), 600, "web");
            recordAll(a);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            long written = admin.exportPlays(a.startedAt(), a.startedAt().plusSeconds(1), ExportFormat.JSON, out);

            assertThat(written).isOne();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"userId\":\"" + user + "\",\"startedAt\":\""
                    + a.startedAt() + "\",\"endedAt\":\"" + a.endedAt() + "\",\"mediaId\":\"" + a.mediaId() + "\",\"libraryId\":\""
                    + a.libraryId() + "\",\"mediaType\":\"episode\",\"clientType\":\"web\",\"durationSec\":600,\"completed\":false,"
                    + "\"userName\":\"" + user.toString().substring(0, 8) + "\",\"title\":\"" + TITLE + "\",\"libraryName\":\""
                    + a.libraryId().toString().substring(0, 8) + "\"}]");
        }

        @Test
        void anEmptyOrBackwardsRangeIsRefusedByName() {
            assertThatThrownBy(() -> admin.exportPlays(NOW, NOW, ExportFormat.CSV, new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
            assertThatThrownBy(() -> admin.exportPlays(NOW, NOW.plusSeconds(1), null, new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("format"));
        }

        @Test
        void aUsersDataIsOneJsonDocumentWithTheirPlaysAndTotals() throws Exception {
            UUID user = UUID.randomUUID();
            recordAll(play(user, new UUID(6, 2), NOW.minusSeconds(9000), 600, "web"),
                    play(user, new UUID(6, 2), NOW.minusSeconds(3000), 1200, "web"));
            admin.setOptedOut(user, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            long written = admin.exportUser(user, out);

            String json = out.toString(StandardCharsets.UTF_8);
            assertThat(written).isEqualTo(2);
            assertThat(json).startsWith("{\"userId\":\"" + user + "\",\"userName\":\"" + user.toString().substring(0, 8) + "\",\"exportedAt\":\"" + NOW + "\",\"optedOut\":true,")
                    .contains("\"dailyActivity\":[{\"day\":\"" + LocalDate.ofInstant(NOW.minusSeconds(9000), ZoneOffset.UTC))
                    .contains("\"totals\":{\"plays\":2,\"completedPlays\":1,\"watchTimeSec\":1800,\"distinctItems\":2}}")
                    .endsWith("}");
            assertThat(json.split("\"durationSec\"")).hasSize(3);
        }
    }

    @Nested
    class Jobs {

        @Test
        void anUnknownKindIsRefusedWithTheAcceptedOnes() {
            assertThatThrownBy(() -> admin.runJobNow("analytics.backup")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                assertThat(e.field()).isEqualTo("kind");
                assertThat(e.reason()).contains("analytics.aggregate_daily", "analytics.cleanup", "'analytics.backup'");
            });
            assertThat(admin.getJobKinds()).containsExactlyElementsOf(JobRunner.KINDS);
        }

        @Test
        void aRunAskedForIsQueuedForYesterdayAndTheWokenRunnerTakesIt() {
            JobRun queued = admin.runJobNow(JobRunner.AGGREGATE);

            assertThat(queued.kind()).isEqualTo(JobRunner.AGGREGATE);
            assertThat(queued.runKey()).isEqualTo(LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(1).toString());
            assertThat(queued.scheduledAt()).isEqualTo(NOW);
            // no tick is scheduled outside a framework: only the wake-up can have run it, after the
            // fixture's missed days (a minute of work or so on a busy machine)
            await().atMost(Duration.ofMinutes(3)).until(() -> service.getJobHistory(100).stream().anyMatch(run ->
                    run.kind().equals(JobRunner.AGGREGATE) && run.runKey().equals(queued.runKey()) && run.state().equals("completed")));
        }

        @Test
        void whileDisabledARunIsRefused() {
            Settings disabled = Settings.from(TestConfigs.analytics(Map.of("timezone", "UTC", "enabled", false)));
            LocalAnalyticsAdmin off = new LocalAnalyticsAdmin(store, pipeline, jobs, null, disabled, Clock.fixed(NOW, ZoneOffset.UTC));

            assertThatThrownBy(() -> off.runJobNow(JobRunner.AGGREGATE)).isInstanceOf(AnalyticsDisabledException.class);
            assertThat(off.isEnabled()).isFalse();
        }
    }
}
