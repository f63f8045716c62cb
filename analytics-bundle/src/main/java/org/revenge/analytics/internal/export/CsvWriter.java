package org.revenge.analytics.internal.export;

import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * Writes RFC 4180 comma-separated values: lines end with CRLF, and a field that holds a comma, a
 * double quote, CR or LF is enclosed in double quotes with its double quotes doubled. A
 * {@code null} field is written empty. A field a spreadsheet would run as a formula (it starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or CR, and is not a plain number) gets a
 * leading {@code '}, as OWASP advises against CSV injection: client names come from the host's
 * events, and an export is opened in a spreadsheet.
 */
public final class CsvWriter {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

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

    private void field(String text) throws IOException {
        if (text == null) {
            return;
        }
        String value = neutralised(text);
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

    /** @return the value, with a leading {@code '} if a spreadsheet would take it for a formula */
    static String neutralised(String value) {
        if (value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0 || PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        return "'" + value;
    }
}
