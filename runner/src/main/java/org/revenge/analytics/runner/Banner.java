package org.revenge.analytics.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where everything is once the host is up, and how to get in: the one place that says it.
 */
final class Banner {

    /** One thing the operator can reach, and how; {@code how} lines are printed under it. */
    record Entry(String what, String where, List<String> how) {
    }

    private Banner() {
    }

    static List<Entry> entries(RunOptions options, KarafHome karaf, Database database) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("Shell", "ssh -p " + options.sshPort() + " karaf@127.0.0.1 (password karaf), or "
                + relative(karaf.home().resolve("bin/client")) + " -u karaf -p karaf",
                List.of("try: analytics:status    analytics:top    analytics:jobs    analytics:top --help    log:tail")));
        String where = database.source() == Database.Source.EMBEDDED
                ? "embedded PostgreSQL 17 at " + database.url() + ", data in " + relative(options.dataDirectory().resolve("postgres"))
                : database.url() + " (from " + database.source().description + ")";
        entries.add(new Entry("Database", where, List.of(
                "query: " + database.psql() + " -c 'SELECT count(*) AS plays, sum(duration_sec) / 3600 AS hours FROM playback_events'",
                "       " + database.psql() + " -c 'SELECT day, library_id, total_items FROM library_stats_daily ORDER BY day DESC LIMIT 5'")));
        String web = "http://127.0.0.1:" + options.httpPort();
        entries.add(new Entry("Web console", web + "/system/console/analytics (karaf / karaf)",
                List.of("the dashboard, the jobs and the recording switch; the rest of Felix's web console beside it")));
        entries.add(new Entry("HTTP API", web + "/analytics/api/v1 (HTTP Basic, karaf / karaf)", List.of(
                "try: curl -u karaf:karaf " + web + "/analytics/api/v1/system",
                "     curl -u karaf:karaf " + web + "/analytics/api/v1/openapi.json    (every endpoint)")));
        entries.add(new Entry("JMX", "service:jmx:rmi://127.0.0.1:" + options.rmiServerPort() + "/jndi/rmi://127.0.0.1:"
                + options.rmiRegistryPort() + "/karaf-root (karaf / karaf)", List.of()));
        entries.add(new Entry("Config", relative(karaf.etc(KarafHome.ANALYTICS_PID + ".cfg"))
                + (options.demo() ? ", " + relative(karaf.etc("org.revenge.analytics.demo.cfg")) : "")
                + " (saved changes apply at once)", List.of()));
        entries.add(new Entry("Log", relative(karaf.log()) + " (shown here: Revenge's own lines, warnings and errors)",
                List.of()));
        entries.add(new Entry("Demo", options.demo()
                ? "on: a pretend player posts plays, library scans and a few bad events; figures within a minute"
                : "off; ./run --demo adds a pretend player with weeks of history", List.of()));
        return entries;
    }

    static void print(List<Entry> entries, String karafVersion) {
        String rule = "-".repeat(100);
        Console.print(rule);
        Console.print(" Revenge Analytics is running in Apache Karaf " + karafVersion + ". Ctrl-C stops Karaf and the database.");
        Console.print(rule);
        for (Entry entry : entries) {
            Console.print(String.format(" %-12s %s", entry.what(), entry.where()));
            for (String how : entry.how()) {
                Console.print(String.format(" %-12s %s", "", how));
            }
        }
        Console.print(rule);
    }

    /** @return the path relative to the working directory when it lies below it, as an operator would type it */
    static String relative(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }
}
