package org.revenge.analytics.spi;

/**
 * PostgreSQL could not be reached or refused the work. The call may succeed later; nothing was
 * half-written.
 */
public class StorageUnavailableException extends AnalyticsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be done
     * @param cause   the database error
     */
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
