package org.revenge.analytics.internal.admin.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain text columns for a Gogo terminal: a header row, then rows, each column as wide as its widest
 * cell. Columns named in {@code rightAligned} (numbers) are aligned right, the rest left.
 */
final class TextTable implements Table {

    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();
    private boolean showHeader = true;

    TextTable(String... header) {
        this.header = header.clone();
        this.right = new boolean[header.length];
    }

    /** Aligns the given columns (0-based) to the right. */
    @Override
    public TextTable right(int... columns) {
        for (int column : columns) {
            right[column] = true;
        }
        return this;
    }

    /** For a list of named figures, where the names say it all. */
    @Override
    public TextTable withoutHeader() {
        showHeader = false;
        return this;
    }

    @Override
    public TextTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("a row has " + header.length + " cells, not " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
        return this;
    }

    @Override
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the table with the given indent before every line, and no trailing blanks. */
    @Override
    public void print(PrintStream out, String indent) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = showHeader ? header[i].length() : 0;
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        if (showHeader) {
            out.println(line(header, widths, indent));
        }
        for (String[] row : rows) {
            out.println(line(row, widths, indent));
        }
    }

    private String line(String[] cells, int[] widths, String indent) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        return line.toString().stripTrailing();
    }
}
