package org.revenge.analytics.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.testing.TestPostgres;

/**
 * Fuzzing the recording path: generated host events through the real EventAdmin of a real Felix
 * with the real relay and plugin bundles on a real PostgreSQL, and direct SPI calls, each try a
 * batch of over 800 events (valid sessions with pauses, resumes, duplicates and disorder; library
 * scans; events with one bad property of every kind) and some 60 calls at and past the documented
 * bounds. Every try checks that each valid session and call is stored exactly once with the figures
 * the {@link CountingModel} (the counting rules as documented) gives, that each bad input was
 * refused naming its field, that nothing else was stored, that every bundle still runs and a
 * session posted last is stored, and that the heap after a collection stays under a bound.
 *
 * <p>jqwik runs it (beside Pax Exam's JUnit 4 tests on the same JUnit Platform), so the framework
 * is launched by the test ({@link OwnFelix}) once for all tries. Shrinking is off: every try
 * leaves data behind, so a shrunk input would not run on the state it failed on. A failure names
 * its seed; see docs/TESTING.md to replay it.
 */
public class IngestFuzzIT {

    /** The bound on the used heap after a full collection (the whole JVM: Felix, the plugin, the test). */
    private static final long HEAP_BOUND_MB = Long.getLong("fuzz.heap.bound.mb", 512);
    private static final Duration LANDING = Duration.ofSeconds(120);

    private static OwnFelix felix;
    private static EventAdmin eventAdmin;
    private static SpiCalls analytics;
    private static String jdbcUrl;
    private static final CountingModel MODEL = new CountingModel();
    private static int tries;
    private static long eventsPosted;
    private static long callsMade;
    private static long peakHeapMb;
    private static Instant started;

    @BeforeContainer
    static void boot() throws Exception {
        started = Instant.now();
        Path workDir = Path.of(System.getProperty("analytics.itest.logdir", "target/felix-logs")).resolveSibling("fuzz");
        jdbcUrl = TestPostgres.freshDatabase("fuzz");
        felix = new OwnFelix(workDir);
        felix.configure("org.revenge.analytics", Map.of("jdbc.url", jdbcUrl, "timezone", "UTC"));
        Object service = felix.awaitService("org.revenge.analytics.spi.AnalyticsService");
        analytics = new SpiCalls(felix.bundle("org.revenge.analytics.spi"), service);
        eventAdmin = felix.eventAdmin();
        // recording is on once an event posted now is counted (however the relay hands events over)
        eventAdmin.postEvent(new Event(PLAYBACK_STOPPED, Map.of(POSITION_SEC, 1)));
        await().atMost(Plugin.STARTUP).until(() -> analytics.ingest().rejected() == 1);
    }

    @AfterContainer
    static void shutDown() throws Exception {
        System.out.printf("IngestFuzzIT: %d tries, %d events posted, %d direct calls, %d plays and %d library days "
                        + "expected and found, peak used heap after GC %d MB (bound %d MB), %d s in all%n",
                tries, eventsPosted, callsMade, MODEL.plays().size(), MODEL.snapshots().size(), peakHeapMb, HEAP_BOUND_MB,
                Duration.between(started, Instant.now()).toSeconds());
        if (felix != null) {
            felix.close();
        }
    }

    @Provide
    Arbitrary<FuzzShapes.Batch> batches() {
        return FuzzShapes.batches();
    }

    @AddLifecycleHook(ReplayableSeed.class) // on the property: a hook on the class would not reach it
    @Property(tries = 13, shrinking = ShrinkingMode.OFF)
    void everyValidInputIsStoredOnceAndEveryBadOneRefusedByName(@ForAll("batches") FuzzShapes.Batch batch) throws Exception {
        tries++;
        Try attempt = new Try(tries, batch);
        SpiCalls.Ingest before = analytics.ingest();
        attempt.run();
        eventsPosted += attempt.events;
        callsMade += attempt.calls;

        // everything was taken or refused
        long handled = attempt.events + attempt.calls;
        await().atMost(LANDING).until(() -> {
            SpiCalls.Ingest now = analytics.ingest();
            return now.accepted() + now.rejected() - before.accepted() - before.rejected() >= handled;
        });
        assertThat(attempt.callMismatches).as("direct calls that were not taken or refused as documented").isEmpty();

        // every bad input refused naming its field, and nothing else refused
        SpiCalls.Ingest after = analytics.ingest();
        assertThat(refusedByField(before, after, attempt.refusalsExpected.keySet()))
                .as("refusals by field (field: count), against the bad inputs made").isEqualTo(attempt.refusalsExpected);
        assertThat(after.rejected() - before.rejected()).as("refusals in all")
                .isEqualTo(attempt.refusalsExpected.values().stream().mapToLong(Long::longValue).sum());

        // every valid session and call stored once, with the model's figures, and nothing else stored
        await().atMost(LANDING).untilAsserted(() -> assertThat(storedPlays(attempt.users))
                .as("plays of this try's users").containsExactlyInAnyOrderElementsOf(expectedPlays(attempt.users)));
        await().atMost(LANDING).untilAsserted(() -> assertThat(storedSnapshots(attempt.libraries))
                .as("library days of this try's libraries").containsExactlyInAnyOrderElementsOf(expectedSnapshots(attempt.libraries)));
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM playback_events")).as("plays stored in all")
                .isEqualTo(MODEL.plays().size());
        assertThat(Database.count(jdbcUrl, "SELECT count(*) FROM library_stats_daily")).as("library days stored in all")
                .isEqualTo(MODEL.snapshots().size());

        // nothing crashed: every bundle runs, and the writer logged no failure
        assertThat(felix.bundlesNotActive()).as("bundles not active").isEmpty();
        assertThat(errorLines()).as("errors and write failures in the framework's log").isEmpty();

        // the heap stays bounded
        long usedMb = usedHeapAfterGcMb();
        peakHeapMb = Math.max(peakHeapMb, usedMb);
        assertThat(usedMb).as("used heap after GC, MB").isLessThan(HEAP_BOUND_MB);
    }

    private static Map<String, Long> refusedByField(SpiCalls.Ingest before, SpiCalls.Ingest after, Set<String> expectedFields) {
        Map<String, Long> byField = new TreeMap<>();
        after.rejectedByReason().forEach((key, count) -> {
            long delta = count - before.rejectedByReason().getOrDefault(key, 0L);
            if (delta == 0) {
                return;
            }
            // keys are "field: reason"; the longest expected field that prefixes the key names it
            String field = expectedFields.stream().filter(f -> key.startsWith(f + ": "))
                    .max((a, b) -> Integer.compare(a.length(), b.length())).orElse("(unexpected) " + key);
            byField.merge(field, delta, Long::sum);
        });
        return byField;
    }

    private static List<String> errorLines() throws Exception {
        return Files.readAllLines(felix.logFile()).stream()
                .filter(line -> line.contains(" ERROR ") || line.contains("could not write") || line.contains("refused by the database"))
                .limit(20).toList();
    }

    private static long usedHeapAfterGcMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static String uuids(Set<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "'{", "}'::uuid[]"));
    }

    private static Set<String> storedPlays(Set<UUID> users) {
        return Database.rows(jdbcUrl, "SELECT p.user_id, (extract(epoch FROM p.started_at) * 1000000)::bigint, p.media_id, "
                + "p.library_id, p.media_type, c.name, p.duration_sec, p.ended_sec, p.completed "
                + "FROM playback_events p LEFT JOIN client_types c ON c.code = p.client_code WHERE p.user_id = ANY("
                + uuids(users) + ")").stream().map(row -> String.join("|", row.stream().map(String::valueOf).toList()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> expectedPlays(Set<UUID> users) {
        Set<String> rows = new TreeSet<>();
        for (CountingModel.Play play : MODEL.plays().values()) {
            if (users.contains(play.userId())) {
                rows.add(String.join("|", play.userId().toString(), String.valueOf(micros(play.startedAt())),
                        play.mediaId().toString(), play.libraryId().toString(),
                        String.valueOf(FuzzShapes.MEDIA_TYPES.indexOf(play.mediaType()) + 1), String.valueOf(play.clientType()),
                        String.valueOf(play.durationSec()), String.valueOf(play.endedSec()), play.completed() ? "t" : "f"));
            }
        }
        return rows;
    }

    private static Set<String> storedSnapshots(Set<UUID> libraries) {
        return Database.rows(jdbcUrl, "SELECT library_id, day, (extract(epoch FROM scanned_at) * 1000000)::bigint, total_items, "
                + "total_size_bytes, missing_metadata, orphaned_files, added_items FROM library_stats_daily WHERE library_id = ANY("
                + uuids(libraries) + ")").stream().map(row -> String.join("|", row))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> expectedSnapshots(Set<UUID> libraries) {
        Set<String> rows = new TreeSet<>();
        for (CountingModel.Snapshot s : MODEL.snapshots().values()) {
            if (libraries.contains(s.libraryId())) {
                rows.add(String.join("|", s.libraryId().toString(), s.day().toString(), String.valueOf(micros(s.scannedAt())),
                        String.valueOf(s.totalItems()), String.valueOf(s.totalSizeBytes()), String.valueOf(s.missingMetadata()),
                        String.valueOf(s.orphanedFiles()), String.valueOf(s.addedItems())));
            }
        }
        return rows;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** One try: the batch turned into events and calls, posted and made in a mixed order, and the model fed alike. */
    private static final class Try {

        /** One thing to do: post an event, or make a call; {@code model} is what it means if valid. */
        private interface Action {
            void run();
        }

        private final FuzzShapes.Batch batch;
        private final long idHigh;
        private long idSequence;
        private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        private final Random mix;
        private final List<List<Action>> queues = new ArrayList<>();
        /** Valid playback events of the sessions, templates for spoiled ones. */
        private final Map<String, List<Map<String, Object>>> validByTopic = new HashMap<>();
        private final Map<String, Long> refusalsExpected = new TreeMap<>();
        private final List<String> callMismatches = new ArrayList<>();
        private final Set<UUID> users = new HashSet<>();
        private final Set<UUID> libraries = new HashSet<>();
        private long events;
        private long calls;

        Try(int number, FuzzShapes.Batch batch) {
            this.batch = batch;
            this.idHigh = 0x5EEDL << 48 | (long) number << 16;
            this.mix = new Random(batch.mix());
        }

        private UUID newId() {
            return new UUID(idHigh, ++idSequence);
        }

        void run() {
            batch.sessions().forEach(this::session);
            batch.scans().forEach(this::scans);
            batch.directPlays().forEach(this::directPlay);
            batch.spoiled().forEach(this::spoiled);
            batch.badCalls().forEach(this::badCall);
            // mixed, each queue in its own order
            while (!queues.isEmpty()) {
                int index = mix.nextInt(queues.size());
                List<Action> queue = queues.get(index);
                queue.remove(0).run();
                if (queue.isEmpty()) {
                    queues.remove(index);
                }
            }
            knownGoodSessionLast();
        }

        // --- valid sessions -------------------------------------------------------------------

        private record Posted(String topic, Map<String, Object> properties, Runnable model) {
        }

        private void session(FuzzShapes.Session shape) {
            UUID user = newId();
            UUID media = newId();
            UUID library = newId();
            users.add(user);
            int runtime = shape.runtimeSec();
            String client = shape.clientType().isEmpty() ? null : shape.clientType();
            Instant start = now.minusSeconds(shape.startSecondsAgo());
            UUID first = newId();
            List<Posted> posted = new ArrayList<>(sessionEvents(first, user, media, library, shape, client, runtime, start,
                    shape.steps()));
            Instant stop = stopTime(start, shape.steps());
            disorder(posted, shape.disorder(), first);
            shape.resume().ifPresent(resume -> posted.addAll(sessionEvents(newId(), user, media, library, shape, client, runtime,
                    stop.plusSeconds(resume.gapSec()), resume.steps())));
            List<Action> queue = new ArrayList<>();
            for (Posted event : posted) {
                queue.add(() -> {
                    post(event.topic(), event.properties());
                    event.model().run();
                });
                if (!event.topic().equals(LIBRARY_SCANNED)) {
                    validByTopic.computeIfAbsent(event.topic(), t -> new ArrayList<>()).add(event.properties());
                }
            }
            queues.add(queue);
        }

        private static Instant stopTime(Instant start, List<FuzzShapes.Step> steps) {
            return start.plusSeconds(steps.stream().mapToInt(FuzzShapes.Step::afterSec).sum());
        }

        private static int position(int runtime, int perMille, int edge) {
            int completion = (int) ((CountingModel.COMPLETED_PERCENT * (long) runtime + 99) / 100);
            return switch (edge) {
                case 1 -> Math.max(0, completion - 1);
                case 2 -> completion;
                default -> (int) ((long) runtime * perMille / 1000);
            };
        }

        private List<Posted> sessionEvents(UUID session, UUID user, UUID media, UUID library, FuzzShapes.Session shape,
                String client, int runtime, Instant start, List<FuzzShapes.Step> steps) {
            List<Posted> events = new ArrayList<>();
            int startPosition = position(runtime, shape.startPerMille(), 0);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(SESSION_ID, id(session));
            p.put(USER_ID, id(user));
            p.put(MEDIA_ID, id(media));
            p.put(LIBRARY_ID, id(library));
            p.put(MEDIA_TYPE, mix.nextInt(8) == 0 ? shape.mediaType().toUpperCase(java.util.Locale.ROOT) : shape.mediaType());
            if (client != null) {
                p.put(CLIENT_TYPE, client);
            }
            p.put(POSITION_SEC, number(startPosition));
            p.put(RUNTIME_SEC, number(runtime));
            p.put(TIMESTAMP, time(start));
            events.add(new Posted(PLAYBACK_STARTED, p, () -> MODEL.started(session, user, media, library, shape.mediaType(),
                    client, startPosition, runtime, start)));
            Instant at = start;
            for (int i = 0; i < steps.size(); i++) {
                FuzzShapes.Step step = steps.get(i);
                at = at.plusSeconds(step.afterSec());
                Instant when = at;
                int position = position(runtime, step.positionPerMille(), step.positionEdge());
                Map<String, Object> q = new LinkedHashMap<>();
                q.put(SESSION_ID, id(session));
                q.put(POSITION_SEC, number(position));
                q.put(TIMESTAMP, time(when));
                if (i < steps.size() - 1) {
                    q.put(PAUSED, mix.nextBoolean() ? Boolean.valueOf(step.paused()) : String.valueOf(step.paused()));
                    events.add(new Posted(PLAYBACK_PROGRESS, q, () -> MODEL.progress(session, position, step.paused(), when)));
                } else {
                    events.add(new Posted(PLAYBACK_STOPPED, q, () -> MODEL.stopped(session, position, when)));
                }
            }
            return events;
        }

        private void disorder(List<Posted> events, FuzzShapes.Disorder disorder, UUID session) {
            List<Integer> progress = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).topic().equals(PLAYBACK_PROGRESS)) {
                    progress.add(i);
                }
            }
            switch (disorder) {
                case NONE -> { }
                case SESSION_TWICE -> events.addAll(List.copyOf(events));
                case PROGRESS_TWICE -> {
                    if (!progress.isEmpty()) {
                        int i = progress.get(mix.nextInt(progress.size()));
                        events.add(i + 1, events.get(i));
                    }
                }
                case PROGRESS_BEFORE_START -> {
                    if (!progress.isEmpty()) {
                        events.add(0, events.remove((int) progress.get(mix.nextInt(progress.size()))));
                    }
                }
                case PROGRESS_LATE -> {
                    if (!progress.isEmpty()) {
                        int i = progress.get(mix.nextInt(progress.size()));
                        events.add(i + 1, events.remove(i));
                    }
                }
                case STOP_AGAIN_LATER -> {
                    Posted stop = events.get(events.size() - 1);
                    Instant later = Instant.ofEpochMilli(Long.parseLong(String.valueOf(stop.properties().get(TIMESTAMP))))
                            .plusSeconds(60);
                    Map<String, Object> again = new LinkedHashMap<>(stop.properties());
                    again.put(TIMESTAMP, time(later));
                    events.add(new Posted(PLAYBACK_STOPPED, again, () -> MODEL.stopped(session, 0, later)));
                }
            }
        }

        private void knownGoodSessionLast() {
            UUID session = newId();
            UUID user = newId();
            UUID media = newId();
            UUID library = newId();
            users.add(user);
            Instant start = now.minus(Duration.ofHours(3));
            eventAdmin.sendEvent(HostEvents.started(session, user, media, library, "movie", 6000, start));
            eventAdmin.sendEvent(HostEvents.progress(session, 300, false, start.plusSeconds(300)));
            eventAdmin.sendEvent(HostEvents.stopped(session, 600, start.plusSeconds(600)));
            events += 3;
            MODEL.started(session, user, media, library, "movie", "web", 0, 6000, start);
            MODEL.progress(session, 300, false, start.plusSeconds(300));
            MODEL.stopped(session, 600, start.plusSeconds(600));
        }

        // --- library scans --------------------------------------------------------------------

        private void scans(FuzzShapes.Scans shape) {
            UUID library = newId();
            libraries.add(library);
            List<Action> queue = new ArrayList<>();
            SpiCalls.Scan previous = null;
            for (FuzzShapes.ScanReport report : shape.reports()) {
                Instant at = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(shape.daysAgo() + 1L - report.dayShift()))
                        .plusSeconds(report.secondOfDay());
                SpiCalls.Scan scan = report.repeated() && previous != null ? previous
                        : new SpiCalls.Scan(report.totalItems(), report.totalSizeBytes(),
                                report.totalItems() * report.missingPerMille() / 1000, report.orphanedFiles(),
                                report.totalItems() * report.addedPerMille() / 1000, at);
                previous = scan;
                if (shape.viaEvents()) {
                    Map<String, Object> p = scanProperties(library, scan);
                    validByTopic.computeIfAbsent(LIBRARY_SCANNED, t -> new ArrayList<>()).add(p);
                    queue.add(() -> {
                        post(LIBRARY_SCANNED, p);
                        MODEL.scanned(library, scan);
                    });
                } else {
                    queue.add(() -> {
                        calls++;
                        analytics.recordLibraryScan(library, scan)
                                .ifPresent(refusal -> callMismatches.add("valid scan " + scan + " refused: " + refusal));
                        MODEL.scanned(library, scan);
                    });
                }
            }
            queues.add(queue);
        }

        private Map<String, Object> scanProperties(UUID library, SpiCalls.Scan scan) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(LIBRARY_ID, id(library));
            p.put(TOTAL_ITEMS, count(scan.totalItems()));
            p.put(TOTAL_SIZE_BYTES, count(scan.totalSizeBytes()));
            p.put(MISSING_METADATA, count(scan.missingMetadata()));
            p.put(ORPHANED_FILES, count(scan.orphanedFiles()));
            p.put(ADDED_ITEMS, count(scan.addedItems()));
            p.put(TIMESTAMP, time(scan.scannedAt()));
            return p;
        }

        // --- direct plays ---------------------------------------------------------------------

        private static final String[] CLIENTS = {null, "web", "x".repeat(50), "télé", "kodi"};

        private void directPlay(FuzzShapes.DirectPlay shape) {
            UUID user = newId();
            users.add(user);
            int more = shape.later().map(FuzzShapes.LaterReport::moreWallSec).orElse(0);
            Instant start = now.minusSeconds(Math.max(shape.startAgoSec(), shape.wallSec() + more + 120L));
            String type = shape.mediaType().toUpperCase(java.util.Locale.ROOT);
            SpiCalls.Play first = new SpiCalls.Play(newId(), user, newId(), newId(), type, start,
                    shape.open() ? null : start.plusSeconds(shape.wallSec()), watched(shape.wallSec(), shape.durationPerMille()),
                    shape.completed(), CLIENTS[shape.clientChoice()]);
            List<Action> queue = new ArrayList<>();
            queue.add(() -> direct(first));
            shape.later().ifPresent(later -> {
                int wall = shape.wallSec() + later.moreWallSec();
                SpiCalls.Play again = new SpiCalls.Play(first.id(), user, first.mediaId(), first.libraryId(), type, start,
                        start.plusSeconds(wall), watched(wall, later.durationPerMille()), later.completed(), first.clientType());
                queue.add(() -> direct(again));
            });
            queues.add(queue);
        }

        private static int watched(int wallSec, int perMille) {
            return (int) Math.min(CountingModel.MAX_DURATION_SEC, (long) wallSec * perMille / 1000);
        }

        private void direct(SpiCalls.Play play) {
            calls++;
            analytics.recordPlayback(play).ifPresent(refusal -> callMismatches.add("valid play " + play + " refused: " + refusal));
            MODEL.direct(play);
        }

        // --- bad input ------------------------------------------------------------------------

        private void spoiled(FuzzShapes.Spoil spoil) {
            String topic = BadInput.TOPICS.get(spoil.topicChoice());
            Map<String, List<BadInput.BadValue>> fields = BadInput.BY_TOPIC.get(topic);
            List<String> names = new ArrayList<>(new TreeSet<>(fields.keySet()));
            String field = names.get(spoil.fieldChoice() % names.size());
            List<BadInput.BadValue> values = fields.get(field);
            BadInput.BadValue bad = values.get(spoil.badChoice() % values.size());
            List<Map<String, Object>> templates = validByTopic.getOrDefault(topic, List.of());
            Map<String, Object> p = new LinkedHashMap<>(spoil.ofASession() && !templates.isEmpty()
                    ? templates.get(mix.nextInt(templates.size())) : freshValid(topic));
            Object value = bad.apply(p, now);
            if (value == BadInput.MISSING) {
                p.remove(field);
            } else {
                p.put(field, value);
            }
            refusalsExpected.merge(field, 1L, Long::sum);
            queues.add(new ArrayList<>(List.of(() -> post(topic, p))));
        }

        private Map<String, Object> freshValid(String topic) {
            Instant at = now.minus(Duration.ofDays(3));
            return switch (topic) {
                case PLAYBACK_STARTED -> properties(HostEvents.started(newId(), newId(), newId(), newId(), "episode", 1500, at));
                case PLAYBACK_PROGRESS -> properties(HostEvents.progress(newId(), 30, false, at));
                case PLAYBACK_STOPPED -> properties(HostEvents.stopped(newId(), 60, at));
                default -> scanProperties(newId(), new SpiCalls.Scan(100, 5_000_000, 3, 2, 10, at));
            };
        }

        private static Map<String, Object> properties(Event event) {
            Map<String, Object> p = new LinkedHashMap<>();
            for (String name : event.getPropertyNames()) {
                if (!name.equals("event.topics")) {
                    p.put(name, event.getProperty(name));
                }
            }
            return p;
        }

        private void badCall(BadInput.BadCall call) {
            Instant start = now.minus(Duration.ofDays(2));
            refusalsExpected.merge(call.field, 1L, Long::sum);
            queues.add(new ArrayList<>(List.of(() -> {
                calls++;
                java.util.Optional<SpiCalls.Refusal> refusal;
                if (call.isScan()) {
                    UUID library = newId();
                    refusal = analytics.recordLibraryScan(call.library(library),
                            call.scan(new SpiCalls.Scan(100, 1_000, 5, 1, 3, start), now));
                } else {
                    SpiCalls.Play valid = new SpiCalls.Play(newId(), newId(), newId(), newId(), "MOVIE", start,
                            start.plusSeconds(600), 300, false, "web");
                    refusal = analytics.recordPlayback(call.play(valid, now));
                }
                if (refusal.isEmpty() || !refusal.get().field().equals(call.field)) {
                    callMismatches.add(call + ": expected a refusal naming " + call.field + ", got " + refusal);
                }
            })));
        }

        // --- encodings: native or a string, as AnalyticsTopics allows ----------------------------

        private void post(String topic, Map<String, Object> properties) {
            eventAdmin.postEvent(new Event(topic, properties));
            events++;
        }

        private Object id(UUID id) {
            return mix.nextBoolean() ? id : id.toString();
        }

        private Object number(int value) {
            return switch (mix.nextInt(3)) {
                case 0 -> Integer.valueOf(value);
                case 1 -> Long.valueOf(value);
                default -> String.valueOf(value);
            };
        }

        private Object count(long value) {
            return mix.nextBoolean() ? Long.valueOf(value) : String.valueOf(value);
        }

        private Object time(Instant at) {
            return mix.nextBoolean() ? Long.valueOf(at.toEpochMilli()) : String.valueOf(at.toEpochMilli());
        }
    }
}
