package org.revenge.analytics.spi;

/**
 * PostgreSQL could not be reached or refused the work, or the plugin is stopping (its bundle is
 * being stopped, updated or uninstalled). The call may succeed later; nothing was half-written.
 */
public class StorageUnavailableException extends AnalyticsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be done
     * @param cause   the database error, or {@code null} if there was none (the plugin is stopping)
     */
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
