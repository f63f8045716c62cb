package org.revenge.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The bundle's packages depend on each other without a cycle, so each can be read, and changed,
 * knowing only those below it. Read from the sources' imports (a class's own package needs none).
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/revenge/analytics/internal");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.revenge\\.analytics\\.internal\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void noPackageDependsOnItselfThroughAnother() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(Files.readString(file));
                while (imported.find()) {
                    if (!imported.group(1).equals(pkg)) {
                        used.add(imported.group(1));
                    }
                }
            }
        }
        assertThat(uses).containsKeys("ingest", "jobs", "service", "store");
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycles(start, start, uses, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package cycles in %s", uses).isEmpty();
    }

    private static void findCycles(String start, String at, Map<String, Set<String>> uses, List<String> path, List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next)) {
                path.add(next);
                findCycles(start, next, uses, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
