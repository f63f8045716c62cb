package org.revenge.analytics.itest;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.rules.ExternalResource;
import org.revenge.analytics.testing.TestPorts;

/**
 * A stock Apache Karaf 4.4.10 from Maven Central, as an operator has it, set up the way an operator
 * would: our features repository and boot features in {@code etc/}, the {@code karaf}/{@code karaf}
 * login, the build's local Maven repository, and ports of its own (shell, JMX, HTTP, shutdown). Each test
 * gets its own copy of the unpacked distribution under {@code target/karaf/}, so tests never share
 * Karaf's {@code data/} or ports. Runs outside OSGi: Karaf is its own process, and its shell is
 * reached over SSH with Apache SSHD's client. A JUnit rule ({@code @Rule} or {@code @ClassRule}):
 * the copy is made before the test, and Karaf is stopped after it.
 */
final class StockKaraf extends ExternalResource {

    /**
     * Karaf's shell (SSH), JMX, HTTP and shutdown ports. None is one of Karaf's or {@code ./run}'s
     * defaults (8101, 1099, 44444, 8181, 8105), so that a developer's {@code ./run} can run beside the
     * tests, and none lies in the ephemeral range, where an outgoing connection or a random port
     * could take it before Karaf binds it ({@link TestPorts}).
     */
    record Ports(int ssh, int rmiRegistry, int rmiServer, int http, int shutdown) {
        Ports {
            for (int port : new int[] {ssh, rmiRegistry, rmiServer, http, shutdown}) {
                TestPorts.outsideEphemeral(port);
            }
        }
    }

    /** What one shell command printed, and how it ended. */
    record Output(String out, String err, Integer exitStatus) {
        String all() {
            return out + err;
        }
    }

    static final Duration BOOT = Duration.ofSeconds(240);
    static final String USER = "karaf";
    static final String PASSWORD = "karaf";

    /** bin/client used to try 10 times, 2 s apart: the shell may be a moment behind the features. */
    private static final Duration SSH_LOGIN = Duration.ofSeconds(30);
    private static final Duration SSH_COMMAND = Duration.ofSeconds(120);

    private final Path home;
    private final Ports ports;
    private Process process;

    /**
     * @param name  the copy's folder, {@code target/karaf/<name>}
     * @param ports the ports it listens on
     */
    StockKaraf(String name, Ports ports) {
        this.home = Path.of(System.getProperty("analytics.itest.karaf")).getParent().getParent().resolve("karaf").resolve(name);
        this.ports = ports;
    }

    /** A fresh copy of the unpacked distribution, with the features repository of this build. */
    @Override
    protected void before() throws IOException {
        deleteTree(home);
        copyTree(Path.of(System.getProperty("analytics.itest.karaf")), home);
        String version = System.getProperty("analytics.itest.version");
        edit("etc/org.apache.karaf.features.cfg", "(?m)^featuresRepositories = \\\\$",
                "featuresRepositories = \\\\\n    mvn:org.revenge.analytics/features/" + version + "/xml/features, \\\\");
        // the bundles come from the build's local repository, which need not be ~/.m2
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        edit("etc/org.ops4j.pax.url.mvn.cfg", "(?m)^#?org\\.ops4j\\.pax\\.url\\.mvn\\.localRepository=.*$",
                "org.ops4j.pax.url.mvn.localRepository=" + localRepository.replace("\\", "/"));
        edit("etc/users.properties", "(?m)^#?(karaf = karaf,_g_:admingroup)$", "$1");
        edit("etc/users.properties", "(?m)^#?(_g_\\\\:admingroup = .*)$", "$1");
        edit("etc/org.apache.karaf.shell.cfg", "(?m)^sshPort = .*$", "sshPort = " + ports.ssh());
        edit("etc/org.apache.karaf.shell.cfg", "(?m)^sshHost = .*$", "sshHost = 127.0.0.1");
        edit("etc/org.apache.karaf.management.cfg", "(?m)^rmiRegistryPort = .*$", "rmiRegistryPort = " + ports.rmiRegistry());
        edit("etc/org.apache.karaf.management.cfg", "(?m)^rmiServerPort = .*$", "rmiServerPort = " + ports.rmiServer());
        // Karaf's shutdown socket (bin/stop) on a port of its own: by default it takes a random port of the
        // ephemeral range while Karaf boots, which can be the HTTP port Pax Web is about to bind
        edit("etc/config.properties", "(?m)^karaf\\.shutdown\\.port\\.file=.*$",
                "$0\nkaraf.shutdown.port=" + ports.shutdown() + "\nkaraf.shutdown.host=127.0.0.1");
        // revenge-analytics-admin brings Pax Web, which keeps a configuration it finds over its feature's own (port 8181)
        writeEtc("org.ops4j.pax.web.cfg", "org.osgi.service.http.enabled = true\norg.osgi.service.http.port = " + ports.http()
                + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\norg.osgi.service.http.secure.enabled = false\n"
                + "javax.servlet.context.tempdir = ${karaf.data}/pax-web/tmp\n");
    }

    /** Stops Karaf after the test, passed or failed. */
    @Override
    protected void after() {
        try {
            stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds a login to {@code etc/users.properties} ({@code user = password,role,...}), before the first start. */
    void addUser(String user, String password, String... roles) throws IOException {
        Path users = home.resolve("etc/users.properties");
        Files.writeString(users, Files.readString(users, StandardCharsets.UTF_8) + "\n" + user + " = " + password + ","
                + String.join(",", roles) + "\n", StandardCharsets.UTF_8);
    }

    /** Has Karaf install these features at its first boot, as an operator does in etc/org.apache.karaf.features.cfg. */
    void bootFeatures(String... features) throws IOException {
        edit("etc/org.apache.karaf.features.cfg", "(?m)^featuresBoot = \\\\$",
                "featuresBoot = \\\\\n    " + String.join(", \\\\\n    ", features) + ", \\\\");
    }

    Path home() {
        return home;
    }

    /** @return where the web console and the HTTP API answer, without a trailing slash */
    String httpBase() {
        return "http://127.0.0.1:" + ports.http();
    }

    /** Starts Karaf in the background ({@code bin/karaf server}), its output in {@code karaf-it.out}. */
    void start() throws IOException {
        process = new ProcessBuilder("sh", "bin/karaf", "server").directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-it.out").toFile())).start();
    }

    /**
     * Stops Karaf as an operator does ({@code bin/stop}: every bundle stops in order) and waits for it
     * to end; then fails if its shutdown socket was not on the port given.
     */
    void stop() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            String wrongShutdownPort = wrongShutdownPort();
            Process stop = new ProcessBuilder("sh", "bin/stop").directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-it.out").toFile())).start();
            if (!stop.waitFor(120, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
                throw new IllegalStateException("bin/stop in " + home + " did not end within 120 s");
            }
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("Karaf in " + home + " did not stop within 90 s of bin/stop; killed it");
            }
            if (wrongShutdownPort != null) {
                throw new IllegalStateException(wrongShutdownPort);
            }
        }
    }

    /**
     * Kills Karaf's JVM with SIGKILL, as a crash or the OOM killer does: nothing stops in order, and
     * what the process held in memory is gone (what it wrote is in the page cache and stays).
     */
    void kill() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("Karaf in " + home + " is not running");
        }
        // bin/karaf is a shell script that runs the JVM as its child
        for (ProcessHandle jvm : process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList()) {
            jvm.destroyForcibly();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Karaf in " + home + " did not end within 60 s of SIGKILL");
        }
    }

    /**
     * Karaf writes the port its shutdown socket bound to its port file, early in its start.
     * @return what is wrong if that is not the port given, else null
     */
    private String wrongShutdownPort() throws IOException {
        Path portFile = home.resolve("data/port");
        if (!Files.exists(portFile)) {
            return null;
        }
        String bound = Files.readString(portFile, StandardCharsets.UTF_8).strip();
        return bound.equals(String.valueOf(ports.shutdown())) ? null
                : "Karaf in " + home + " had its shutdown socket on port " + bound + ", not on " + ports.shutdown()
                        + " as its etc/config.properties says";
    }

    /**
     * Runs one command line in Karaf's shell over SSH, as the karaf user, and returns what it printed
     * (bin/client prints nothing without a terminal). Only the login is tried again, never the command.
     */
    Output shell(String commandLine) throws IOException {
        return shellAs(USER, PASSWORD, commandLine);
    }

    /** {@link #shell}, logged in as another user of {@code etc/users.properties}. */
    Output shellAs(String user, String password, String commandLine) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = await("Karaf's shell on 127.0.0.1:" + ports.ssh()).atMost(SSH_LOGIN)
                    .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> login(client, user, password),
                            Objects::nonNull);
                    ChannelExec exec = session.createExecChannel(commandLine)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                exec.setOut(out);
                exec.setErr(err);
                exec.open().verify(SSH_COMMAND);
                Set<ClientChannelEvent> ended = exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), SSH_COMMAND);
                if (!ended.contains(ClientChannelEvent.CLOSED)) {
                    throw new IllegalStateException("'" + commandLine + "' did not end within " + SSH_COMMAND.toSeconds() + " s");
                }
                return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exec.getExitStatus());
            }
        }
    }

    /** @return Karaf's log so far ({@code data/log/karaf.log}), empty before it exists */
    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** @return how many times the text occurs in Karaf's log */
    int logCount(String text) throws IOException {
        Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(log());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** Waits until the text occurs in the log more often than {@code before}. */
    void awaitLog(String text, int before) {
        await("'" + text + "' in " + home + "/data/log/karaf.log").atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> logCount(text) > before);
    }

    /**
     * Writes a configuration file into {@code etc/} as an operator would; Karaf picks it up when saved.
     * Written before the first start, it stays: a feature's configfile leaves an existing file alone.
     */
    void writeEtc(String file, String content) throws IOException {
        Path path = home.resolve("etc").resolve(file);
        Path temporary = path.resolveSibling(file + ".part");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Connects to Karaf's own JMX connector ({@code management} boot feature) with the karaf login,
     * once it answers.
     */
    JMXConnector jmx() {
        JMXServiceURL url;
        try {
            url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + ports.rmiServer() + "/jndi/rmi://127.0.0.1:"
                    + ports.rmiRegistry() + "/karaf-root");
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return await("Karaf's JMX connector at " + url).atMost(BOOT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {USER, PASSWORD})),
                        Objects::nonNull);
    }

    /** Connects and logs in; a session that could not log in is closed. */
    private ClientSession login(SshClient client, String user, String password) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", ports.ssh()).verify(SSH_LOGIN).getSession();
        try {
            session.addPasswordIdentity(password);
            session.auth().verify(SSH_LOGIN);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Applies one regular-expression edit to a file of the stock Karaf; a pattern that no longer matches is an error. */
    private void edit(String file, String pattern, String replacement) throws IOException {
        Path path = home.resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        if (!Pattern.compile(pattern).matcher(text).find()) {
            throw new IllegalStateException(file + ": no line matches " + pattern + "; has the stock Karaf changed?");
        }
        Files.writeString(path, text.replaceFirst(pattern, replacement), StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                if (from.relativize(source).startsWith("data")) {
                    continue; // a clean first boot: Karaf keeps its bundle cache and installed features in data/
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
