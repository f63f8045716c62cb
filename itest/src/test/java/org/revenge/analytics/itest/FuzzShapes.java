package org.revenge.analytics.itest;

import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * What the fuzz test generates with jqwik: the shapes of one batch of input, without ids or
 * instants. {@link IngestFuzzIT} turns a shape into events and calls, with ids that are new for
 * every try and times relative to the moment it posts them, so a seed replays the same input on any
 * day and on a fresh database.
 */
final class FuzzShapes {

    private FuzzShapes() {
    }

    static final List<String> MEDIA_TYPES = List.of("movie", "episode", "track", "audiobook", "other");

    /** How a valid session's events are delivered besides in order. */
    enum Disorder {
        /** in order, once */
        NONE,
        /** every event of the session twice, the whole session again after the first */
        SESSION_TWICE,
        /** one progress event twice in a row */
        PROGRESS_TWICE,
        /** one progress event before the start (for a session that has not begun: nothing to apply it to) */
        PROGRESS_BEFORE_START,
        /** a progress event delivered after the next one (older than what the session has seen) */
        PROGRESS_LATE,
        /** the stop delivered again at the very end, later in event time */
        STOP_AGAIN_LATER
    }

    /** A progress report ({@code last == false}) or the stop, {@code afterSec} after the previous event. */
    record Step(int afterSec, int positionPerMille, int positionEdge, boolean paused) {
    }

    /** A session of a new user and item; with {@code resume}, a second session of the same item after a gap. */
    record Session(String mediaType, int runtimeSec, String clientType, int startPerMille, List<Step> steps,
            Disorder disorder, Optional<Resume> resume, int startSecondsAgo) {
    }

    record Resume(int gapSec, List<Step> steps) {
    }

    /** One report of a library scan: figures and a time within its day. */
    record ScanReport(int dayShift, int secondOfDay, long totalItems, long totalSizeBytes, int missingPerMille,
            long orphanedFiles, int addedPerMille, boolean repeated) {
    }

    /** The scans of a new library, through events or through {@code recordLibraryScan}. */
    record Scans(boolean viaEvents, int daysAgo, List<ScanReport> reports) {
    }

    /** A play through {@code recordPlayback}, maybe reported a second time later. */
    record DirectPlay(String mediaType, int startAgoSec, int wallSec, int durationPerMille, boolean completed,
            int clientChoice, boolean open, Optional<LaterReport> later) {
    }

    record LaterReport(int moreWallSec, int durationPerMille, boolean completed) {
    }

    /** An event that is valid but for one property. */
    record Spoil(int topicChoice, int fieldChoice, int badChoice, boolean ofASession) {
    }

    /** Everything one try posts and calls; {@code mix} seeds the interleaving and the value encodings. */
    record Batch(List<Session> sessions, List<Scans> scans, List<DirectPlay> directPlays, List<Spoil> spoiled,
            List<BadInput.BadCall> badCalls, long mix) {

        int minimumEvents() {
            return sessions.size() * 3 + spoiled.size();
        }

        @Override
        public String toString() {
            return "Batch[" + sessions.size() + " sessions, " + scans.size() + " libraries, " + directPlays.size()
                    + " direct plays, " + spoiled.size() + " spoiled events, " + badCalls.size() + " bad calls, mix " + mix + "]";
        }
    }

    static Arbitrary<Batch> batches() {
        return Combinators.combine(sessions().list().ofMinSize(110).ofMaxSize(140), scans().list().ofMinSize(15).ofMaxSize(25),
                directPlays().list().ofMinSize(20).ofMaxSize(40), spoils().list().ofMinSize(450).ofMaxSize(550),
                Arbitraries.of(BadInput.BadCall.class).list().ofMinSize(30).ofMaxSize(50), Arbitraries.longs())
                .as(Batch::new);
    }

    private static Arbitrary<Integer> watchSeconds() {
        // mostly anything up to half an hour; often right at the minimum play lengths
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 1800)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(14, 15, 16, 59, 60, 61)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 10)));
    }

    private static Arbitrary<Step> steps() {
        // positionEdge: 0 = the per-mille position, 1 = just below the completion share, 2 = right at it
        return Combinators.combine(watchSeconds(), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 4).map(edge -> edge > 2 ? 0 : edge), Arbitraries.of(true, false, false))
                .as(Step::new);
    }

    private static Arbitrary<Session> sessions() {
        Arbitrary<Integer> runtime = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(60, 4 * 3600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 60)));
        Arbitrary<Optional<Resume>> resume = Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 3599)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(3601, 3 * 3600)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 1, 3599, 3601))),
                steps().list().ofMinSize(1).ofMaxSize(4)).as(Resume::new).optional(0.25);
        return Combinators.combine(Arbitraries.of(MEDIA_TYPES), runtime, clientTypes(), Arbitraries.integers().between(0, 1000),
                steps().list().ofMinSize(1).ofMaxSize(6), Arbitraries.of(Disorder.class), resume,
                Arbitraries.integers().between(2 * 86_400, 80 * 86_400)).as(Session::new);
    }

    /** Valid client types: none, the usual ones, non-ASCII, and exactly the longest accepted. */
    private static Arbitrary<String> clientTypes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of("web", "android", "ios", "android-tv", "apple-tv", "desktop", "kodi")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("télé-salon", "Fernseher Küche", "テレビ", "x".repeat(50),
                        "é".repeat(50))));
    }

    /** ScanStats.MAX_SIZE_BYTES, the documented bound of a valid scan's size (a petabyte). */
    private static final long MAX_SIZE_BYTES = 1_000_000_000_000_000L;

    private static Arbitrary<Scans> scans() {
        Arbitrary<ScanReport> report = Combinators.combine(Arbitraries.of(0, 0, 0, 1), Arbitraries.integers().between(0, 86_399),
                Arbitraries.longs().between(0, 1_000_000_000L), Arbitraries.longs().between(0, MAX_SIZE_BYTES),
                Arbitraries.integers().between(0, 1000), Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.integers().between(0, 1000), Arbitraries.of(false, false, false, true))
                .as(ScanReport::new);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(1, 60),
                report.list().ofMinSize(1).ofMaxSize(5)).as(Scans::new);
    }

    private static Arbitrary<DirectPlay> directPlays() {
        Arbitrary<Integer> wall = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 4 * 3600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 1, CountingModel.MAX_DURATION_SEC)));
        Arbitrary<Optional<LaterReport>> later = Combinators.combine(Arbitraries.integers().between(0, 3600),
                Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false)).as(LaterReport::new).optional(0.3);
        return Combinators.combine(Arbitraries.of(MEDIA_TYPES), Arbitraries.integers().between(86_400, 88 * 86_400), wall,
                Arbitraries.of(0, 1000, 500, 999, 1), Arbitraries.of(true, false), Arbitraries.integers().between(0, 4),
                Arbitraries.of(false, false, false, true), later).as(DirectPlay::new);
    }

    private static Arbitrary<Spoil> spoils() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false)).as(Spoil::new);
    }
}
