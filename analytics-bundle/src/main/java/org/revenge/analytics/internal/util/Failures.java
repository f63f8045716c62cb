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
}
