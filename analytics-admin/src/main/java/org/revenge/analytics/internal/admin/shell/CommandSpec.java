package org.revenge.analytics.internal.admin.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * One {@code analytics:} command: its name, what it does in a sentence, its usage and options,
 * which options take values and which are switches. The same text serves {@code --help}, Karaf's
 * {@code help} (as {@code osgi.command.description}) and docs/CONSOLE-AND-SHELL.md.
 */
record CommandSpec(String name, String description, String usage, List<String> optionHelp,
        Set<String> valueOptions, Set<String> flagOptions) {

    static final String SCOPE = "analytics";

    String fullName() {
        return SCOPE + ":" + name;
    }

    void printHelp(PrintStream out) {
        out.println(fullName() + " - " + description);
        out.println("Usage: " + fullName() + (usage.isEmpty() ? "" : " " + usage));
        if (!optionHelp.isEmpty()) {
            out.println("Options:");
            for (String line : optionHelp) {
                out.println("  " + line);
            }
        }
    }
}
