package org.revenge.analytics.internal.admin.shell;

import java.io.PrintStream;

/**
 * Plain text columns for a Gogo terminal: a header row, then rows, each column as wide as its widest
 * cell. Columns marked {@link #right} (numbers) are aligned right, the rest left.
 */
final class TextTable extends ColumnsTable {

    TextTable(String... header) {
        super(header);
    }

    /** Prints the table with the given indent before every line, and no trailing blanks. */
    @Override
    public void print(PrintStream out, String indent) {
        String[] header = header();
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = showsHeader() ? header[i].length() : 0;
            for (String[] row : rows()) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        if (showsHeader()) {
            out.println(line(header, widths, indent));
        }
        for (String[] row : rows()) {
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
            line.append(isRight(i) ? pad + cells[i] : cells[i] + pad);
        }
        return line.toString().stripTrailing();
    }
}
