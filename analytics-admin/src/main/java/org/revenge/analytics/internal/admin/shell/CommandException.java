package org.revenge.analytics.internal.admin.shell;

/**
 * A command was given an argument it cannot use; the message names the argument and what it must
 * be. Named so because Karaf's shell tells a user's mistake from a failure by this simple name: it
 * prints the message and logs at debug, instead of logging an ERROR with a stack trace.
 */
public final class CommandException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    CommandException(String message) {
        super(message);
    }
}
