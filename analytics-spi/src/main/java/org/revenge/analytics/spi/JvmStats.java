package org.revenge.analytics.spi;

import java.time.Duration;

/**
 * Figures of the Java virtual machine the plugin runs in.
 *
 * @param heapUsedBytes       heap in use
 * @param heapMaxBytes        the largest the heap may grow, or -1 if unbounded
 * @param threads             live threads
 * @param availableProcessors processors the JVM may use
 * @param uptime              time since the JVM started
 */
public record JvmStats(long heapUsedBytes, long heapMaxBytes, int threads, int availableProcessors, Duration uptime) {
}
