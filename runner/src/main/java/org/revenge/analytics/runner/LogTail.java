package org.revenge.analytics.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Follows Karaf's log and shows on the console what an operator wants to see while it runs: every
 * line of our own bundles, and warnings and errors of any. The full log stays in the file. Starts
 * at the end of the file, so earlier runs are not shown again; notices when Karaf rolls the file over.
 */
final class LogTail implements AutoCloseable {

    private static final String OURS = "org.revenge.";

    private final Path file;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean oursOnly;
    private long position;
    private boolean showingEntry;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LogTail(Path file) throws IOException {
        this.file = file;
        this.position = Files.exists(file) ? Files.size(file) : 0;
        this.thread = new Thread(this::follow, "karaf-log-tail");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void follow() {
        while (running) {
            try {
                readNew();
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // the file is being rolled over or not there yet: try again on the next round
            }
        }
    }

    private void readNew() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < position) {
                position = 0;
                partial.reset();
            }
            in.seek(position);
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        line(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(buffer[i]);
                    }
                }
                position += read;
            }
        }
    }

    /** From now on, only our own bundles' lines: while Karaf stops, other bundles' warnings are noise. */
    void oursOnly() {
        oursOnly = true;
    }

    private void line(String line) {
        Optional<String> shown = LogTail.show(line, oursOnly);
        if (shown.isPresent()) {
            showingEntry = !shown.get().isEmpty();
            if (showingEntry) {
                Console.print(shown.get());
            }
        } else if (showingEntry) {
            // a stack trace or other continuation of an entry that was shown
            Console.print("    " + line.strip());
        }
    }

    /**
     * @return for the start of a log entry, the console line (empty if the entry is not shown);
     *         nothing for a continuation line
     */
    static Optional<String> show(String line, boolean oursOnly) {
        String[] fields = line.split(" \\| ", 6);
        if (fields.length < 6 || fields[0].length() < 19 || fields[0].charAt(4) != '-') {
            return Optional.empty();
        }
        String level = fields[1].strip();
        String bundle = fields[4].contains(" - ") ? fields[4].split(" - ")[1].strip() : "";
        boolean ours = bundle.startsWith(OURS);
        if (!ours && (oursOnly || !level.equals("WARN") && !level.equals("ERROR"))) {
            return Optional.of("");
        }
        String source = ours ? bundle.substring(bundle.lastIndexOf('.') + 1) : fields[3].strip();
        if (source.equals("bundle")) {
            source = "analytics";
        }
        String time = fields[0].length() >= 19 ? fields[0].substring(11, 19) : fields[0];
        return Optional.of(time + " " + String.format("%-5s", level) + " " + source + ": " + fields[5]);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
            readNew();
        } catch (InterruptedException | IOException e) {
            // the last lines stay in the log file
        }
    }
}
