package org.revenge.analytics.internal.service;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.revenge.analytics.spi.IngestStats;
import org.revenge.analytics.spi.InvalidInputException;

/** Counters of the recording path since the bundle started; cheap enough for every call. */
public final class IngestCounters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

    void accepted() {
        accepted.increment();
    }

    void written() {
        written.increment();
    }

    /** Counts a rejection under {@code field: reason}, with the figures in the reason left out. */
    void rejected(InvalidInputException failure) {
        String reason = failure.reason().replaceAll("(?<![A-Za-z])-?\\d[\\d.:TZ-]*", "N");
        rejected.computeIfAbsent(failure.field() + ": " + reason, key -> new LongAdder()).increment();
    }

    /**
     * @return the counters as of now; nothing waits in a queue, because plays are written as
     *         they are recorded
     */
    public IngestStats snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        rejected.forEach((reason, count) -> byReason.put(reason, count.sum()));
        long rejectedTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new IngestStats(accepted.sum(), rejectedTotal, byReason, 0, 0, written.sum(), Duration.ZERO);
    }
}
