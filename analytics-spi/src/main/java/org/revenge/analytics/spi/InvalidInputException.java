package org.revenge.analytics.spi;

/**
 * An argument, event property or record field was missing or out of range. Nothing was stored.
 * The message reads {@code field: reason}.
 */
public class InvalidInputException extends AnalyticsException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    /**
     * @param field  the name of the bad argument, property or field, for example {@code event.userId}
     * @param reason why it was refused, for example {@code is required}
     */
    public InvalidInputException(String field, String reason) {
        super(field + ": " + reason, null);
        this.field = field;
        this.reason = reason;
    }

    /**
     * @return the name of the bad argument, property or field
     */
    public String field() {
        return field;
    }

    /**
     * @return why it was refused
     */
    public String reason() {
        return reason;
    }
}
