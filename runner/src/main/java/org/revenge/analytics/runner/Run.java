package org.revenge.analytics.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The launcher behind {@code ./run}: an embedded PostgreSQL (unless told to use another server), a
 * stock Karaf with the plugin (and the demo with {@code --demo}) as a child process in the
 * foreground, and on Ctrl-C (SIGINT or SIGTERM) Karaf stopped first, so the plugin writes what it
 * holds, then the database. Everything lives in the data directory and survives restarts.
 */
public final class Run {

    private static final Duration KARAF_START = Duration.ofMinutes(5);
    private static final Duration KARAF_STOP = Duration.ofSeconds(90);

    private final RunOptions options;
    private final BuildInfo build;
    private final KarafHome karafHome;
    private volatile boolean shuttingDown;
    private FileLock lock;
    private EmbeddedPostgres postgres;
    private KarafProcess karaf;
    private LogTail logTail;
    private boolean stopped;

    private Run(RunOptions options, BuildInfo build) {
        this.options = options;
        this.build = build;
        this.karafHome = new KarafHome(options.dataDirectory().resolve("karaf"));
    }

    public static void main(String[] args) {
        RunOptions options;
        try {
            options = RunOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(RunOptions.USAGE);
            System.exit(2);
            return;
        }
        Run run = new Run(options, BuildInfo.load());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run.shuttingDown = true;
            run.stopAll();
        }, "run-stop"));
        int exit;
        try {
            exit = run.run();
        } catch (Exception | Error e) {
            if (!run.shuttingDown) {
                Console.say("Cannot run: " + (e instanceof Error || e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            run.stopAll();
            exit = 1;
        }
        if (!run.shuttingDown) {
            System.exit(exit);
        }
    }

    private int run() throws Exception {
        Path data = options.dataDirectory();
        Files.createDirectories(data);
        Console.say("Data directory: " + Banner.relative(data) + " (Karaf, the embedded database and their data; kept "
                + "across runs and mvn clean, delete it to start afresh)");
        lock = FileChannel.open(data.resolve("run.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE).tryLock();
        if (lock == null) {
            throw new IllegalStateException("another ./run is using " + data + "; stop it first (Ctrl-C in its terminal)");
        }
        KarafProcess.stopLeftover(karafHome, KARAF_STOP);
        EmbeddedPostgres.stopLeftover(data.resolve("postgres"));
        karafHome.provision(build.karafArchive(), build.karafVersion());

        Path state = data.resolve("launcher.properties");
        Properties remembered = load(state);
        Database database = Database.choose(System.getenv(), karafHome.analyticsDatabase(),
                Optional.ofNullable(remembered.getProperty("jdbc.url.written")), options.pgPort());
        checkPortsFree(database);
        if (database.source() == Database.Source.EMBEDDED) {
            Console.say("Starting the embedded PostgreSQL 17 on 127.0.0.1:" + options.pgPort() + ", data in "
                    + Banner.relative(data.resolve("postgres")));
            long started = System.nanoTime();
            postgres = EmbeddedPostgres.start(data.resolve("postgres"), data.resolve("postgres-binaries"), options.pgPort(),
                    data.resolve("postgres.log"));
            Console.say("PostgreSQL is up (" + seconds(started) + ")");
        } else {
            Console.say("Using the PostgreSQL at " + database.url() + " (from " + database.source().description
                    + "); no embedded database is started");
        }

        karafHome.configure(options, build);
        if (database.source() != Database.Source.CONFIG_FILE) {
            karafHome.pointAnalyticsAt(database, build.defaultCfg());
            remembered.setProperty("jdbc.url.written", database.url());
            store(remembered, state);
        }

        logTail = new LogTail(karafHome.log());
        logTail.start();
        long started = System.nanoTime();
        Console.say("Starting Apache Karaf " + build.karafVersion() + " in " + Banner.relative(karafHome.home())
                + (karafHome.log().toFile().exists() ? "" : " (its first start takes a minute or two)"));
        karaf = KarafProcess.start(karafHome);
        List<String> installed = installFeatures();
        Console.say("Karaf is up with " + String.join(" and ", installed) + " (" + seconds(started) + ")");
        Banner.print(Banner.entries(options, karafHome, database), build.karafVersion());

        int exit = karaf.waitFor();
        if (!shuttingDown) {
            Console.say("Karaf has ended (exit value " + exit + ")");
            stopAll();
        }
        return exit;
    }

    /** The plugin always; the demo with --demo, and taken away again without it. */
    private List<String> installFeatures() throws Exception {
        List<String> installed = new ArrayList<>();
        try (KarafFeatures features = KarafFeatures.connect(options, karaf, KARAF_START)) {
            if (!features.known(KarafFeatures.ANALYTICS)) {
                features.addRepository(build.featuresRepository());
            }
            features.install(KarafFeatures.ANALYTICS);
            installed.add(KarafFeatures.ANALYTICS);
            if (options.demo()) {
                if (!features.installed(KarafFeatures.DEMO)) {
                    Console.say("Installing the demo feature " + KarafFeatures.DEMO);
                }
                features.install(KarafFeatures.DEMO);
                installed.add(KarafFeatures.DEMO);
            } else if (features.installed(KarafFeatures.DEMO)) {
                features.uninstall(KarafFeatures.DEMO);
                Console.say("Uninstalled " + KarafFeatures.DEMO + ", which an earlier ./run --demo installed; "
                        + "the data it made stays");
            }
        }
        return installed;
    }

    /** Stops Karaf, then the database; once, whether called by Ctrl-C, by an error or after Karaf ended. */
    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (karaf != null && karaf.isAlive()) {
                if (logTail != null) {
                    logTail.oursOnly();
                }
                Console.say("Stopping Karaf (the plugin writes what it holds first)");
                karaf.stop(KARAF_STOP);
                Console.say("Karaf has stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (logTail != null) {
            logTail.close();
        }
        if (postgres != null) {
            Console.say("Stopping PostgreSQL");
            try {
                postgres.close();
            } catch (IOException e) {
                Console.say("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        if (karaf != null || postgres != null) {
            Console.say("Everything has stopped; the data stays in " + Banner.relative(options.dataDirectory()));
        }
        try {
            if (lock != null) {
                lock.release();
                lock.channel().close();
            }
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    private void checkPortsFree(Database database) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(options.httpPort(), "the web console and the HTTP API (--http-port)");
        ports.put(options.sshPort(), "the Karaf shell (--ssh-port)");
        ports.put(options.rmiRegistryPort(), "Karaf's JMX registry (--rmi-registry-port)");
        ports.put(options.rmiServerPort(), "Karaf's JMX server (--rmi-server-port)");
        ports.put(options.shutdownPort(), "Karaf's shutdown port (--shutdown-port)");
        if (database.source() == Database.Source.EMBEDDED) {
            ports.put(options.pgPort(), "the embedded PostgreSQL (--pg-port)");
        }
        for (Map.Entry<Integer, String> port : ports.entrySet()) {
            try (ServerSocket socket = new ServerSocket(port.getKey(), 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port.getKey() + " for " + port.getValue() + " is taken; is "
                        + "another Karaf or ./run running? Stop it, or choose another port");
            }
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        return properties;
    }

    private static void store(Properties properties, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "What ./run wrote into etc/org.revenge.analytics.cfg, to tell it from an operator's edit");
        }
    }

    private static String seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000 + " s";
    }
}
