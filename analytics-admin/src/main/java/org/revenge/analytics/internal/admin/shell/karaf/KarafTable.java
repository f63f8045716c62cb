package org.revenge.analytics.internal.admin.shell.karaf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.support.table.Col;
import org.apache.karaf.shell.support.table.ShellTable;
import org.revenge.analytics.internal.admin.shell.Table;

/**
 * A command's table printed by Karaf's {@link ShellTable}: the columns and look of Karaf's own
 * commands, and with {@code --no-format} its plain form for scripts.
 */
final class KarafTable implements Table {

    private final String[] header;
    private final boolean[] right;
    private final boolean format;
    private final List<Object[]> rows = new ArrayList<>();
    private boolean showHeader = true;

    KarafTable(boolean format, String... header) {
        this.header = header.clone();
        this.right = new boolean[header.length];
        this.format = format;
    }

    @Override
    public Table right(int... columns) {
        for (int column : columns) {
            right[column] = true;
        }
        return this;
    }

    @Override
    public Table withoutHeader() {
        showHeader = false;
        return this;
    }

    @Override
    public Table row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("a row has " + header.length + " cells, not " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray());
        return this;
    }

    @Override
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public void print(PrintStream out, String indent) {
        ShellTable table = new ShellTable();
        if (!showHeader) {
            table.noHeaders();
        }
        for (int i = 0; i < header.length; i++) {
            Col column = table.column(header[i]);
            if (right[i]) {
                column.alignRight();
            }
        }
        rows.forEach(row -> table.addRow().addContent(row));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream printed = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            table.print(printed, format);
        }
        // ShellTable knows no indent; the commands indent a table under its heading
        for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
            out.println(format ? indent + line : line);
        }
    }
}
