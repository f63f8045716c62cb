package org.revenge.analytics.internal.admin.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every shell's {@link Table} keeps before it prints: the header, which columns are aligned
 * right, whether the header shows, and the rows as text ({@code null} as {@code -}). A shell's
 * table only says how it prints them.
 */
public abstract class ColumnsTable implements Table {

    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();
    private boolean showHeader = true;

    protected ColumnsTable(String... header) {
        this.header = header.clone();
        this.right = new boolean[header.length];
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
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
        return this;
    }

    @Override
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    protected final String[] header() {
        return header.clone();
    }

    protected final boolean isRight(int column) {
        return right[column];
    }

    protected final boolean showsHeader() {
        return showHeader;
    }

    /** @return the rows added so far, each cell as text */
    protected final List<String[]> rows() {
        return rows;
    }
}
