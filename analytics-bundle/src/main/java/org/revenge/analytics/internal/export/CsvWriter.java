package org.revenge.analytics.internal.export;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes RFC 4180 comma-separated values: lines end with CRLF, and a field that holds a comma, a
 * double quote, CR or LF is enclosed in double quotes with its double quotes doubled. A
 * {@code null} field is written empty.
 */
public final class CsvWriter {

    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    public void row(String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            field(fields[i]);
        }
        out.write("\r\n");
    }

    private void field(String value) throws IOException {
        if (value == null) {
            return;
        }
        boolean quoted = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        if (!quoted) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
