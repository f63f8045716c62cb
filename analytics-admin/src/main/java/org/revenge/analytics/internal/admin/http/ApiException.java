package org.revenge.analytics.internal.admin.http;

/**
 * Ends a request with an error answer {@code {status, error, field, reason}}.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;
    private final String reason;

    ApiException(int status, String field, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.field = field;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    String reason() {
        return reason;
    }
}
