package org.revenge.analytics.internal.ingest;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What is written to {@code System.err} while it is open (where slf4j-simple logs in the tests),
 * still passed on to the previous stream. Closing it puts that stream back.
 */
final class StandardError implements AutoCloseable {

    private final PrintStream previous;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private StandardError() {
        previous = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                previous.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                previous.write(bytes, offset, length);
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts copying what is written to {@code System.err}. */
    static StandardError captured() {
        return new StandardError();
    }

    /** @return the lines written so far that contain the text */
    List<String> lines(String containing) {
        String all;
        synchronized (copy) {
            all = copy.toString(StandardCharsets.UTF_8);
        }
        return all.lines().filter(line -> line.contains(containing)).toList();
    }

    @Override
    public void close() {
        System.setErr(previous);
    }
}
