package org.revenge.analytics.runner;

/** What the launcher tells the operator, on standard output, one line at a time. */
final class Console {

    private Console() {
    }

    static synchronized void say(String line) {
        System.out.println("[run] " + line);
        System.out.flush();
    }

    static synchronized void print(String text) {
        System.out.println(text);
        System.out.flush();
    }
}
