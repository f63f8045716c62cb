package org.revenge.analytics.bench;

/** What a benchmark prints: figures on standard output, one a line; progress on standard error. */
final class Out {

    private Out() {
    }

    static void figure(String name, long value, String unit) {
        System.out.println(name + ": " + value + " " + unit);
    }

    /** A ratio, to one decimal. */
    static void figure(String name, double value, String unit) {
        System.out.println(name + ": " + String.format(java.util.Locale.ROOT, "%.1f", value) + " " + unit);
    }

    static void progress(String message) {
        System.err.println("[bench] " + message);
    }
}
