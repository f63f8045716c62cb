package org.revenge.analytics.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark command. {@code bench/run ingest} measures the recording path, {@code bench/run
 * nodes} the same with one, two and three nodes on one database; each figure is
 * printed on a line of its own as {@code name: value unit}; progress goes to standard error.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("ingest", "nodes", "queries", "outage", "import").contains(args[0])) {
            System.err.println("usage: bench/run ingest [events] [--direct] | bench/run nodes [events] | bench/run outage [events]"
                    + " | bench/run queries [plays] [--household | --console] | bench/run import [rows]\n"
                    + "  ingest    events through EventAdmin into PostgreSQL, against a raw COPY of the same rows\n"
                    + "  --direct  hand the events to the plugin's handler directly, without EventAdmin\n"
                    + "  nodes     the same events (1,000,000 by default) recorded by one, two and three nodes on one database,"
                    + " each a Felix JVM; and what owning sessions costs each node: lease renewals, notifications\n"
                    + "  outage    events posted while PostgreSQL is away (2,000,000 by default), in a 256 MiB heap\n"
                    + "  queries   every query on a generated history (10,000,000 plays by default), against plain SQL\n"
                    + "  --household  only the household page's data and the years in review (the history generated as for queries)\n"
                    + "  --console    only the admin console's figures: trending, active users, the page per period, the drill-downs\n"
                    + "  import    a generated Tautulli database (1,000,000 history rows by default) through the importer,"
                    + " against a raw COPY of the same plays plus a set-based build of their rollups");
            System.exit(2);
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        if (args[0].equals("queries")) {
            boolean householdOnly = rest.remove("--household");
            boolean consoleOnly = rest.remove("--console");
            new QueryBenchmark(rest.isEmpty() ? 10_000_000 : parseCount(rest.get(0)), Path.of("target/bench"), householdOnly,
                    consoleOnly).run();
            System.exit(0);
        }
        if (args[0].equals("outage")) {
            new OutageBenchmark(rest.isEmpty() ? 2_000_000 : parseCount(rest.get(0))).run();
            System.exit(0);
        }
        if (args[0].equals("nodes")) {
            new NodesBenchmark(rest.isEmpty() ? 1_000_000 : parseCount(rest.get(0))).run();
            System.exit(0);
        }
        if (args[0].equals("import")) {
            new ImportBenchmark(rest.isEmpty() ? 1_000_000 : parseCount(rest.get(0))).run();
            System.exit(0);
        }
        boolean direct = rest.remove("--direct");
        int events = rest.isEmpty() ? 1_000_000 : parseCount(rest.get(0));
        new IngestBenchmark(events, direct).run();
        System.exit(0);
    }

    private static int parseCount(String text) {
        try {
            int count = Integer.parseInt(text.replace("_", ""));
            if (count < 1_000) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            System.err.println("events: must be a whole number of at least 1000, was " + text);
            System.exit(2);
            return 0;
        }
    }
}
