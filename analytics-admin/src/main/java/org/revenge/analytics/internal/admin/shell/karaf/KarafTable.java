package org.revenge.analytics.internal.admin.shell.karaf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.karaf.shell.support.table.Col;
import org.apache.karaf.shell.support.table.ShellTable;
import org.revenge.analytics.internal.admin.shell.ColumnsTable;

/**
 * A command's table printed by Karaf's {@link ShellTable}: the columns and look of Karaf's own
 * commands, and with {@code --no-format} its plain form for scripts.
 */
final class KarafTable extends ColumnsTable {

    private final boolean format;

    KarafTable(boolean format, String... header) {
        super(header);
        this.format = format;
    }

    @Override
    public void print(PrintStream out, String indent) {
        ShellTable table = new ShellTable();
        if (!showsHeader()) {
            table.noHeaders();
        }
        String[] header = header();
        for (int i = 0; i < header.length; i++) {
            Col column = table.column(header[i]);
            if (isRight(i)) {
                column.alignRight();
            }
        }
        rows().forEach(row -> table.addRow().addContent((Object[]) row));
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
