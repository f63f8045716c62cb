package org.revenge.analytics.spi;

/**
 * Plays delivered one way over a period.
 *
 * @param playMethod   the {@link PlayMethod#wireName()}, or {@value PlayMethod#UNKNOWN} for plays the host
 *                     sent no method for (imports, older hosts)
 * @param plays        plays started that way
 * @param watchTimeSec seconds watched that way
 * @since 1.6
 */
public record PlayMethodShare(String playMethod, long plays, long watchTimeSec) {
}
