package org.revenge.analytics.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ports tests listen on. Every one lies outside the machine's ephemeral port range (on Linux
 * {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 to 60999 by default): the kernel hands
 * ports of that range to every outgoing connection and to every {@code bind(0)}, so a port there
 * that was free when a test chose it can be taken before the server binds it (a Karaf's random
 * shutdown port once took the HTTP port a test had chosen). Fixed ports are checked with
 * {@link #outsideEphemeral(int)}; a test that needs a port no other test knows, such as each JVM's
 * own PostgreSQL, takes {@link #randomUnused()} from a band below the range, where only listeners
 * chosen the same way can meet it.
 */
public final class TestPorts {

    /** The first port of the band {@link #randomUnused()} chooses from (below the fixed test ports). */
    public static final int RANDOM_FROM = 15000;
    /** The end (exclusive) of that band. */
    public static final int RANDOM_TO = 20000;

    private static final Path LINUX_EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** IANA's suggested dynamic range, which BSDs and macOS use, where Linux's file is not there. */
    private static final int[] IANA_DYNAMIC = {49152, 65535};
    private static final int ATTEMPTS = 50;

    private TestPorts() {
    }

    /** @return the first and last port of this machine's ephemeral range */
    public static int[] ephemeralRange() {
        try {
            String[] bounds = Files.readString(LINUX_EPHEMERAL_RANGE).strip().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException e) {
            return IANA_DYNAMIC.clone();
        }
    }

    /**
     * @param port a port a test listens on
     * @return the port
     * @throws IllegalStateException if it lies in the ephemeral range, naming the port and the range
     */
    public static int outsideEphemeral(int port) {
        int[] range = ephemeralRange();
        if (port >= range[0] && port <= range[1]) {
            throw new IllegalStateException("test port " + port + " lies in this machine's ephemeral port range " + range[0]
                    + "-" + range[1] + " (" + LINUX_EPHEMERAL_RANGE + "), where any outgoing connection can take it "
                    + "before the test binds it; choose a port below " + range[0]);
        }
        return port;
    }

    /**
     * @return a port of [{@link #RANDOM_FROM}, {@link #RANDOM_TO}) that nothing listens on at this moment
     * @throws IllegalStateException if none of a few random tries was free
     */
    public static int randomUnused() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = outsideEphemeral(ThreadLocalRandom.current().nextInt(RANDOM_FROM, RANDOM_TO));
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port among " + ATTEMPTS + " random tries in " + RANDOM_FROM + "-"
                + (RANDOM_TO - 1) + " on loopback");
    }
}
