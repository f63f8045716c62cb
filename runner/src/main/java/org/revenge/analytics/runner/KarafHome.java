package org.revenge.analytics.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stock Apache Karaf unpacked into the data directory on the first run, and the few files of its
 * {@code etc/} the launcher keeps set: where our features come from, the login, the ports, and the
 * plugin's database. Everything else in {@code etc/} is the operator's.
 */
final class KarafHome {

    static final String ANALYTICS_PID = "org.revenge.analytics";
    private static final String DEFAULT_REPOSITORIES = "org.ops4j.pax.url.mvn.defaultRepositories";
    private static final String BUILD_REPOSITORY_ID = "revenge.run";

    private final Path home;

    KarafHome(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    Path etc(String file) {
        return home.resolve("etc").resolve(file);
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /** Unpacks Karaf from the archive the build copied from Maven Central, unless it is there already. */
    void provision(Path archive, String version) throws IOException, InterruptedException {
        if (Files.isRegularFile(home.resolve("bin/karaf"))) {
            return;
        }
        if (!Files.isRegularFile(archive)) {
            throw new IOException("no Karaf archive at " + archive + "; build first (./run does)");
        }
        Console.say("Unpacking Apache Karaf " + version + " into " + home + " (first run only)");
        Path parent = home.getParent();
        Files.createDirectories(parent);
        Path unpacking = Files.createTempDirectory(parent, "karaf-unpacking");
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacking.toString())
                .inheritIO().start();
        if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new IOException("could not unpack " + archive);
        }
        Files.move(unpacking.resolve("apache-karaf-" + version), home, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(unpacking);
    }

    /**
     * Sets what the launcher owns in {@code etc/}. The boot features apply on Karaf's first start
     * only; the launcher installs and uninstalls features itself at every start (see {@link KarafFeatures}).
     */
    void configure(RunOptions options, BuildInfo build) throws IOException {
        String featuresRepository = build.featuresRepository();
        CfgFile features = CfgFile.read(etc("org.apache.karaf.features.cfg"));
        features.setList("featuresRepositories", withItem(features.getList("featuresRepositories"), featuresRepository))
                .setList("featuresBoot", withItem(features.getList("featuresBoot"), KarafFeatures.ANALYTICS))
                .write();

        // the login the banner prints, for the shell and for the launcher's own JMX connection
        CfgFile.read(etc("users.properties"))
                .uncomment("karaf = karaf,_g_:admingroup")
                .uncomment("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh")
                .write();

        // with the well-known login, the shell and the web server listen on this machine only
        CfgFile.read(etc("org.apache.karaf.shell.cfg"))
                .set("sshHost", "127.0.0.1")
                .set("sshPort", String.valueOf(options.sshPort()))
                .write();
        // the web console and the HTTP API: Pax Web takes this file as it is when the http feature installs
        CfgFile.read(etc("org.ops4j.pax.web.cfg"))
                .set("org.osgi.service.http.enabled", "true")
                .set("org.osgi.service.http.port", String.valueOf(options.httpPort()))
                .set("org.ops4j.pax.web.listening.addresses", "127.0.0.1")
                .write();
        CfgFile.read(etc("org.apache.karaf.management.cfg"))
                .set("rmiRegistryPort", String.valueOf(options.rmiRegistryPort()))
                .set("rmiServerPort", String.valueOf(options.rmiServerPort()))
                .write();
        setShutdownPort(options.shutdownPort());

        // Bundles come first from the repository this build made of what our features need (so Karaf
        // runs what this checkout built, even if another one installed other snapshots into the local
        // repository since), then from Karaf's system folder and the local repository. No remote
        // repository: the host, like the plugin, never reaches out (OfflineHostIT runs it with only
        // loopback); everything it runs was downloaded by the build.
        CfgFile pax = CfgFile.read(etc("org.ops4j.pax.url.mvn.cfg"));
        List<String> defaults = new ArrayList<>();
        defaults.add(build.featuresRepositoryDirectory().toUri() + "@id=" + BUILD_REPOSITORY_ID + "@snapshots");
        pax.getList(DEFAULT_REPOSITORIES).stream().filter(entry -> !entry.contains("@id=" + BUILD_REPOSITORY_ID))
                .forEach(defaults::add);
        pax.setList(DEFAULT_REPOSITORIES, defaults)
                .set("org.ops4j.pax.url.mvn.localRepository", build.mavenRepository().toString())
                .set("org.ops4j.pax.url.mvn.repositories", "")
                .write();
    }

    /**
     * Gives Karaf's shutdown socket (what {@code bin/stop} and the launcher's Ctrl-C use) a fixed port
     * on loopback. Karaf's default, port 0, is a random port of the ephemeral range, bound while
     * Karaf boots: it can take a port that was free when the launcher checked it (the HTTP port
     * Pax Web then fails to bind), and whatever connects there talks to the shutdown socket.
     * {@code bin/stop} reads the port from this file; the port file still says it too.
     */
    private void setShutdownPort(int port) throws IOException {
        CfgFile.read(etc("config.properties"))
                .set("karaf.shutdown.port", String.valueOf(port))
                .set("karaf.shutdown.host", "127.0.0.1")
                .write();
    }

    /** @return jdbc.url, jdbc.user and jdbc.password as the plugin's .cfg has them (none if there is no file) */
    Map<String, String> analyticsDatabase() throws IOException {
        CfgFile cfg = CfgFile.read(etc(ANALYTICS_PID + ".cfg"));
        Map<String, String> values = new HashMap<>();
        for (String key : List.of("jdbc.url", "jdbc.user", "jdbc.password")) {
            cfg.get(key).ifPresent(value -> values.put(key, value));
        }
        return values;
    }

    /**
     * Points the plugin at the database, starting the file from the plugin's default configuration
     * if there is none yet (the feature then leaves it alone).
     */
    void pointAnalyticsAt(Database database, Path defaultCfg) throws IOException {
        Path cfg = etc(ANALYTICS_PID + ".cfg");
        if (!Files.exists(cfg)) {
            Files.copy(defaultCfg, cfg);
        }
        CfgFile.read(cfg)
                .set("jdbc.url", database.url())
                .set("jdbc.user", database.user())
                .set("jdbc.password", database.password())
                .write();
    }

    /** @return whether a Karaf of this home is running, as its pid file and the process table say */
    ProcessHandle runningKaraf() {
        try {
            long pid = Long.parseLong(Files.readString(home.resolve("karaf.pid")).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().commandLine().map(line -> line.contains("org.apache.karaf.main.Main")
                            && line.contains(home.toString())).orElse(false))
                    .orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static List<String> withItem(List<String> items, String item) {
        List<String> result = new ArrayList<>(items);
        if (!result.contains(item)) {
            result.add(item);
        }
        return result;
    }
}
