package org.revenge.analytics.runner;

import java.nio.file.Path;
import java.util.List;

/** What {@code ./run} was asked for. */
record RunOptions(boolean demo, Path dataDirectory, int sshPort, int pgPort, int rmiRegistryPort, int rmiServerPort,
        int httpPort) {

    static final String USAGE = String.join("\n",
            "usage: ./run [--demo] [--no-build] [--data DIR] [--http-port N] [--ssh-port N] [--pg-port N] [--rmi-registry-port N]"
                    + " [--rmi-server-port N]",
            "  --demo        also install revenge-analytics-demo, a pretend player posting plays, scans and a few bad events",
            "  --no-build    start from what the last build left (./run only)",
            "  --data DIR    where Karaf, the embedded PostgreSQL and their data live (default: .run)",
            "  ports         web console and HTTP API 8181, Karaf shell (ssh) 8101, embedded PostgreSQL 55432,",
            "                JMX registry 1099 and server 44444",
            "environment: ANALYTICS_JDBC_URL, ANALYTICS_JDBC_USER, ANALYTICS_JDBC_PASSWORD use that PostgreSQL instead of the embedded one");

    static RunOptions parse(List<String> args) {
        boolean demo = false;
        Path data = Path.of(".run");
        int ssh = 8101;
        int pg = 55432;
        int registry = 1099;
        int server = 44444;
        int http = 8181;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--demo" -> demo = true;
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--ssh-port" -> ssh = port(value(args, ++i, arg), arg);
                case "--pg-port" -> pg = port(value(args, ++i, arg), arg);
                case "--rmi-registry-port" -> registry = port(value(args, ++i, arg), arg);
                case "--rmi-server-port" -> server = port(value(args, ++i, arg), arg);
                case "--http-port" -> http = port(value(args, ++i, arg), arg);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new RunOptions(demo, data.toAbsolutePath().normalize(), ssh, pg, registry, server, http);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int port(String value, String option) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a port number, was " + value);
    }
}
