package org.revenge.analytics.internal.util;

/** Words for log lines and error messages about failures. */
public final class Failures {

    private Failures() {
    }

    /**
     * The message of the innermost cause, which is usually the one that says what happened
     * ("Connection refused") rather than where.
     *
     * @param failure any failure
     * @return its root cause's message, or the root cause's class if it has none
     */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * Whether a database failure may pass on its own, so that the same write is worth retrying:
     * no SQLState at all (the connection or the pool), or SQLState class 08 (connection), 40
     * (serialization failure, deadlock), 53 (insufficient resources, such as a full disk), 57
     * (operator intervention, such as a restart) or 58 (system error), or 55P03 (lock not
     * available). Anything else, a refusal of the data (22, 23) or a failure of the code itself,
     * fails the same way every time.
     *
     * @param failure what a write threw
     */
    public static boolean transientDatabaseFailure(Throwable failure) {
        String state = sqlState(failure);
        if (state == null) {
            return failure instanceof org.revenge.analytics.spi.StorageUnavailableException;
        }
        return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("58") || state.equals("55P03");
    }

    /** Whether a statement gave up waiting for a lock ({@code lock_timeout}, SQLState 55P03). */
    public static boolean lockNotAvailable(Throwable failure) {
        return "55P03".equals(sqlState(failure));
    }

    /**
     * Whether a write failed only because other transactions held what it needed: a lock it gave up
     * waiting for (55P03), a serialization failure (40001) or a deadlock (40P01). The database is
     * there; the same write goes through once they let go.
     */
    public static boolean contention(Throwable failure) {
        String state = sqlState(failure);
        return "55P03".equals(state) || "40001".equals(state) || "40P01".equals(state);
    }

    /**
     * Why a record could not be stored, in words and with few distinct values, for the quarantine
     * and its counts: the database's refusal with its SQLState, or the code's failure by type.
     */
    public static String refusal(Throwable failure) {
        String state = sqlState(failure);
        if (state != null) {
            return "refused by the database (SQLState " + state + "): " + firstLine(rootMessage(failure));
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "could not be processed: " + root.getClass().getSimpleName() + ": " + firstLine(rootMessage(failure));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The first SQLState in the chain of causes (and of a batch's next exceptions), or {@code null}. */
    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                for (java.sql.SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null) {
                        return e.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
