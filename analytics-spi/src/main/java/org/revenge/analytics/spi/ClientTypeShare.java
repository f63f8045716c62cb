package org.revenge.analytics.spi;

/**
 * Use by one kind of client over a period.
 *
 * @param clientType   the client type the host reported, or {@code "unknown"} for plays without one
 * @param plays        plays started with it
 * @param watchTimeSec seconds watched with it
 * @param users        distinct users who used it
 * @since 1.1
 */
public record ClientTypeShare(String clientType, long plays, long watchTimeSec, long users) {
}
