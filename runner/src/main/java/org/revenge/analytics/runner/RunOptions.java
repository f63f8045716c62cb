package org.revenge.analytics.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code ./run} was asked for. */
record RunOptions(boolean demo, Path dataDirectory, int sshPort, int pgPort, int rmiRegistryPort, int rmiServerPort,
        int httpPort, int shutdownPort) {

    static final String USAGE = String.join("\n",
            "usage: ./run [--demo] [--no-build] [--data DIR] [--http-port N] [--ssh-port N] [--pg-port N] [--rmi-registry-port N]"
                    + " [--rmi-server-port N] [--shutdown-port N]",
            "  --demo        also install revenge-analytics-demo, a pretend player posting plays, scans and a few bad events",
            "  --no-build    start from what the last build left (./run only)",
            "  --data DIR    where Karaf, the embedded PostgreSQL and their data live (default: .run)",
            "  ports         web console and HTTP API 8181, Karaf shell (ssh) 8101, embedded PostgreSQL 55432,",
            "                JMX registry 1099 and server 44444, Karaf's shutdown port 8105 (what bin/stop and Ctrl-C use)",
            "environment: ANALYTICS_JDBC_URL, ANALYTICS_JDBC_USER, ANALYTICS_JDBC_PASSWORD use that PostgreSQL instead of the embedded one");

    static RunOptions parse(List<String> args) {
        boolean demo = false;
        Path data = Path.of(".run");
        int ssh = 8101;
        int pg = 55432;
        int registry = 1099;
        int server = 44444;
        int http = 8181;
        int shutdown = 8105;
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
                case "--shutdown-port" -> shutdown = port(value(args, ++i, arg), arg);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        RunOptions options = new RunOptions(demo, data.toAbsolutePath().normalize(), ssh, pg, registry, server, http, shutdown);
        options.checkPortsDistinct();
        return options;
    }

    /** Two of Karaf's listeners on one port would fail only once Karaf is up, and in its log: say it here. */
    private void checkPortsDistinct() {
        Map<Integer, String> seen = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--http-port", httpPort);
        ports.put("--ssh-port", sshPort);
        ports.put("--pg-port", pgPort);
        ports.put("--rmi-registry-port", rmiRegistryPort);
        ports.put("--rmi-server-port", rmiServerPort);
        ports.put("--shutdown-port", shutdownPort);
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            String earlier = seen.putIfAbsent(port.getValue(), port.getKey());
            if (earlier != null) {
                throw new IllegalArgumentException(port.getKey() + " must differ from " + earlier + ": both are "
                        + port.getValue());
            }
        }
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
