package org.revenge.analytics.spi;

/**
 * The root of the errors that {@link AnalyticsService} throws. All are unchecked; a caller that
 * wants to handle them catches the subclass that names its cause.
 */
public abstract class AnalyticsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words an operator understands
     * @param cause   the underlying failure, or {@code null}
     */
    protected AnalyticsException(String message, Throwable cause) {
        super(message, cause);
    }
}
