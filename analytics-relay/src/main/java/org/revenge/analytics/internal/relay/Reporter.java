package org.revenge.analytics.internal.relay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log, at most every interval, how many host events the relay dropped since the last
 * report and why; an operator must see a loss. Cheap when nothing was dropped: three reads.
 */
final class Reporter {

    private static final Logger LOG = LoggerFactory.getLogger(HostEventRelay.class);

    private final EventRelay relay;
    private final long intervalNanos;
    private final AtomicLong lastReport = new AtomicLong(Long.MIN_VALUE);
    private volatile long reportedOverflowed;
    private volatile long reportedNotInstalled;
    private volatile long reportedFailed;

    Reporter(EventRelay relay, Duration interval) {
        this.relay = relay;
        this.intervalNanos = interval.toNanos();
    }

    void reportIfDue() {
        if (relay.overflowed() == reportedOverflowed && relay.notInstalled() == reportedNotInstalled
                && relay.failed() == reportedFailed) {
            return;
        }
        long now = System.nanoTime();
        long last = lastReport.get();
        if ((last == Long.MIN_VALUE || now - last >= intervalNanos) && lastReport.compareAndSet(last, now)) {
            reportNow();
        }
    }

    synchronized void reportNow() {
        long overflowed = relay.overflowed();
        long notInstalled = relay.notInstalled();
        long failed = relay.failed();
        if (overflowed > reportedOverflowed) {
            LOG.warn("Analytics relay DROPPED {} host events (in all {}): its backlog is full while analytics is away; "
                    + "raise backlog.capacity in {} if updates take this long", overflowed - reportedOverflowed, overflowed,
                    RelayConfiguration.PID);
        }
        if (notInstalled > reportedNotInstalled) {
            LOG.warn("Analytics relay dropped {} host events (in all {}) because analytics was not installed",
                    notInstalled - reportedNotInstalled, notInstalled);
        }
        if (failed > reportedFailed) {
            LOG.warn("Analytics sink failed on {} host events (in all {}); they are not offered again", failed - reportedFailed,
                    failed);
        }
        reportedOverflowed = overflowed;
        reportedNotInstalled = notInstalled;
        reportedFailed = failed;
    }
}
