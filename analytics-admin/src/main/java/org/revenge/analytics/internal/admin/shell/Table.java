package org.revenge.analytics.internal.admin.shell;

import java.io.PrintStream;

/**
 * Columns of text for a terminal, as the commands build them: Gogo prints them with
 * {@link TextTable}, Karaf with its own {@code ShellTable} (and its {@code --no-format}).
 */
public interface Table {

    /** Aligns the given columns (0-based) to the right: numbers. */
    Table right(int... columns);

    /** For a list of named figures, where the names say it all. */
    Table withoutHeader();

    /** Adds a row, one cell per column; {@code null} shows as {@code -}. */
    Table row(Object... cells);

    boolean isEmpty();

    /** Prints the table with the given indent before every line. */
    void print(PrintStream out, String indent);

    /** Makes the tables of one shell. */
    @FunctionalInterface
    interface Maker {
        Table create(String... header);
    }
}
