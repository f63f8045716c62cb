package org.revenge.analytics.internal.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.InvalidInputException;

/** Counters of the recording path since the bundle started; cheap enough for every event. */
public final class IngestCounters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder journaled = new LongAdder();
    private final LongAdder journalFailures = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> quarantined = new ConcurrentHashMap<>();

    void accepted() {
        accepted.increment();
    }

    void journaled(int events) {
        journaled.add(events);
    }

    /** @return events appended to the journal so far */
    long journaled() {
        return journaled.sum();
    }

    void journalFailed() {
        journalFailures.increment();
    }

    void written(int plays) {
        written.add(plays);
    }

    /**
     * Counts a rejection under {@code field: reason}, with figures in the reason replaced by N
     * so that the number of distinct reasons stays small.
     */
    void rejected(InvalidInputException failure) {
        String reason = withoutFigures(failure.reason());
        rejected.computeIfAbsent(failure.field() + ": " + reason, key -> new LongAdder()).increment();
    }

    private static String withoutFigures(String reason) {
        return reason.replaceAll("(?<![A-Za-z])-?\\d[\\d.:TZ-]*", "N");
    }

    /**
     * Counts a record set aside for the quarantine under {@code kind: reason}, the reason cut at
     * its first colon after the SQLState or failure type, with figures replaced by N.
     */
    void quarantined(String kind, String reason) {
        String shortReason = reason.startsWith("refused by the database (SQLState ")
                ? reason.substring(0, reason.indexOf(')') + 1) : reason;
        int detail = shortReason.indexOf(": ", shortReason.indexOf(": ") + 2);
        if (shortReason.startsWith("could not be processed: ") && detail > 0) {
            shortReason = shortReason.substring(0, detail);
        }
        quarantined.computeIfAbsent(kind + ": " + shortReason, key -> new LongAdder()).increment();
    }

    /**
     * Counts an event that was valid but deliberately not recorded (an opted-out or excluded user,
     * an excluded library, analytics disabled), under {@code ignored: reason}.
     */
    void ignored(String reason) {
        rejected.computeIfAbsent("ignored: " + reason, key -> new LongAdder()).increment();
    }

    IngestStats snapshot(long queued, long journaled, Duration writeLag) {
        Map<String, Long> byReason = new TreeMap<>();
        rejected.forEach((reason, count) -> byReason.put(reason, count.sum()));
        long rejectedTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> quarantinedByReason = new TreeMap<>();
        quarantined.forEach((reason, count) -> quarantinedByReason.put(reason, count.sum()));
        return new IngestStats(accepted.sum(), rejectedTotal, byReason, queued, journaled, written.sum(), writeLag,
                this.journaled.sum(), journalFailures.sum(), quarantinedByReason);
    }
}
