package org.revenge.analytics.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Karaf configuration file ({@code etc/*.cfg}, {@code users.properties}) edited the way an operator
 * would: one {@code key = value} entry changed or added, every other line and comment left as it
 * was. Understands entries continued over several lines with a trailing backslash, as Karaf writes
 * its lists. Values are plain strings (no typed values).
 */
final class CfgFile {

    private final Path path;
    private final List<String> lines;

    private CfgFile(Path path, List<String> lines) {
        this.path = path;
        this.lines = lines;
    }

    static CfgFile read(Path path) throws IOException {
        return new CfgFile(path, Files.exists(path)
                ? new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8)) : new ArrayList<>());
    }

    /** @return the value of the key, continuation lines joined, or empty if it is not set */
    Optional<String> get(String key) {
        int at = find(key);
        if (at < 0) {
            return Optional.empty();
        }
        StringBuilder value = new StringBuilder();
        int end = endOf(at);
        for (int i = at; i <= end; i++) {
            String line = i == at ? afterSeparator(lines.get(i)) : lines.get(i).strip();
            value.append(i < end ? line.substring(0, line.length() - 1) : line);
        }
        return Optional.of(unescape(value.toString().strip()));
    }

    /** Sets the key, in place if it is there (continuation lines included), else at the end. */
    CfgFile set(String key, String value) {
        String entry = key + " = " + escape(value);
        int at = find(key);
        if (at < 0) {
            lines.add(entry);
        } else {
            int end = endOf(at);
            for (int i = end; i > at; i--) {
                lines.remove(i);
            }
            lines.set(at, entry);
        }
        return this;
    }

    /** Sets a comma-separated list, one item a line, as Karaf writes featuresBoot. */
    CfgFile setList(String key, List<String> items) {
        set(key, "");
        int at = find(key);
        List<String> entry = new ArrayList<>();
        entry.add(key + " = \\");
        for (int i = 0; i < items.size(); i++) {
            entry.add("    " + escape(items.get(i)) + (i < items.size() - 1 ? ", \\" : ""));
        }
        lines.remove(at);
        lines.addAll(at, entry);
        return this;
    }

    /** @return the items of a comma-separated list; empty if the key is not set */
    List<String> getList(String key) {
        return get(key).map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty())
                .toList()).orElse(List.of());
    }

    /** Uncomments a line, {@code #key = value} becoming {@code key = value}, if it is commented out. */
    CfgFile uncomment(String line) {
        int at = lines.indexOf("#" + line);
        if (at >= 0 && !lines.contains(line)) {
            lines.set(at, line);
        }
        return this;
    }

    /** Writes the file if its content changed: Karaf reacts to a touched file as to an edited one. */
    void write() throws IOException {
        if (Files.exists(path) && Files.readAllLines(path, StandardCharsets.UTF_8).equals(lines)) {
            return;
        }
        Files.createDirectories(path.getParent());
        Files.write(path, lines, StandardCharsets.UTF_8);
    }

    private int find(String key) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith("#") || line.startsWith("!") || !line.startsWith(key)) {
                continue;
            }
            String rest = line.substring(key.length()).stripLeading();
            if (rest.isEmpty() || rest.charAt(0) == '=' || rest.charAt(0) == ':') {
                // a continuation line of an earlier entry is not an entry of its own
                if (i == 0 || !continues(lines.get(i - 1))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private int endOf(int at) {
        int end = at;
        while (end < lines.size() - 1 && continues(lines.get(end))) {
            end++;
        }
        return end;
    }

    private static boolean continues(String line) {
        String stripped = line.stripTrailing();
        int backslashes = 0;
        for (int i = stripped.length() - 1; i >= 0 && stripped.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String afterSeparator(String line) {
        String stripped = line.stripLeading();
        int separator = -1;
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c == '=' || c == ':') {
                separator = i;
                break;
            }
        }
        return separator < 0 ? "" : stripped.substring(separator + 1).strip();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
