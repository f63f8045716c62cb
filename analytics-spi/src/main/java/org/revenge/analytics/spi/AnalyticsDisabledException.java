package org.revenge.analytics.spi;

/**
 * Recording was refused because an administrator disabled the analytics plugin. Queries still
 * answer from stored data while it is disabled.
 */
public class AnalyticsDisabledException extends AnalyticsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused
     */
    public AnalyticsDisabledException(String message) {
        super(message, null);
    }
}
