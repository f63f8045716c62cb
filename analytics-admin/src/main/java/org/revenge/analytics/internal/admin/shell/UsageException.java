package org.revenge.analytics.internal.admin.shell;

/** A command was given an argument it cannot use; the message names the argument and what it must be. */
public final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
