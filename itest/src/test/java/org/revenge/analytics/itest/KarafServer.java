package org.revenge.analytics.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * A stock Karaf 4.4.10 of its own, copied from the unpacked distribution into {@code home}, on
 * ports other than Karaf's defaults (so that {@code ./run} and other Karaf tests can run beside it),
 * with the {@code karaf}/{@code karaf} login, our features repository and boot features, and files
 * of {@code etc/} written before the first start. The shell is reached over SSH (Apache SSHD's
 * client), since {@code bin/client} prints nothing without a terminal.
 */
final class KarafServer implements AutoCloseable {

    static final int SSH_PORT = 28101;
    static final int RMI_REGISTRY_PORT = 21099;
    static final int RMI_SERVER_PORT = 24444;
    static final int HTTP_PORT = 28181;
    static final String USER = "karaf";
    static final String PASSWORD = "karaf";

    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(120);

    /** What one shell command printed, and how it ended. */
    record Output(String out, String err, Integer exitStatus) {
        String all() {
            return out + err;
        }
    }

    private final Path home;
    private Process process;

    /** Copies the stock distribution afresh, without {@code data/}, so Karaf starts clean and installs the boot features. */
    KarafServer(Path stock, Path home) throws IOException {
        this.home = home;
        deleteTree(home);
        try (var paths = Files.walk(stock)) {
            // not data/: another test's run leaves its bundle cache and installed features there
            for (Path source : paths.filter(path -> !path.startsWith(stock.resolve("data"))).toList()) {
                Path target = home.resolve(stock.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                    target.toFile().setExecutable(source.toFile().canExecute());
                }
            }
        }
        edit("etc/org.apache.karaf.shell.cfg", "(?m)^sshPort = 8101$", "sshPort = " + SSH_PORT);
        edit("etc/org.apache.karaf.management.cfg", "(?m)^rmiRegistryPort = 1099$", "rmiRegistryPort = " + RMI_REGISTRY_PORT);
        edit("etc/org.apache.karaf.management.cfg", "(?m)^rmiServerPort = 44444$", "rmiServerPort = " + RMI_SERVER_PORT);
        // StockKarafIT edits the shared unpacked distribution in place: a line it already uncommented is fine
        edit("etc/users.properties", "(?m)^#?(karaf = karaf,_g_:admingroup)$", "$1");
        edit("etc/users.properties", "(?m)^#?(_g_\\\\:admingroup = .*)$", "$1");
        // Pax Web keeps a configuration it finds over the one its feature would write
        write("etc/org.ops4j.pax.web.cfg", Map.of("org.osgi.service.http.port", String.valueOf(HTTP_PORT),
                "org.osgi.service.http.enabled", "true", "javax.servlet.context.tempdir", "${karaf.data}/pax-web-jsp"));
        // the bundles come from the build's local repository, which need not be ~/.m2
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        edit("etc/org.ops4j.pax.url.mvn.cfg", "(?m)^#?org\\.ops4j\\.pax\\.url\\.mvn\\.localRepository=.*$",
                "org.ops4j.pax.url.mvn.localRepository=" + localRepository.replace("\\", "/"));
    }

    /** Adds a features repository and features to install at the first start. */
    KarafServer boot(String repository, List<String> features) throws IOException {
        if (!Files.readString(home.resolve("etc/org.apache.karaf.features.cfg")).contains(repository)) {
            edit("etc/org.apache.karaf.features.cfg", "(?m)^featuresRepositories = \\\\$",
                    "featuresRepositories = \\\\\n    " + repository + ", \\\\");
        }
        edit("etc/org.apache.karaf.features.cfg", "(?m)^featuresBoot = \\\\$",
                "featuresBoot = \\\\\n    " + String.join(", ", features) + ", \\\\");
        return this;
    }

    /** Writes {@code etc/NAME} as {@code key = value} lines; a feature's configfile leaves an existing file alone. */
    KarafServer write(String file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(home.resolve(file), text, StandardCharsets.UTF_8);
        return this;
    }

    void start() throws IOException {
        process = new ProcessBuilder("sh", "bin/karaf", "server").directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf-it.out").toFile()).start();
    }

    Path home() {
        return home;
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    String httpBase() {
        return "http://127.0.0.1:" + HTTP_PORT;
    }

    /** Runs one command line in Karaf's shell over SSH, as the karaf user, and returns what it printed. */
    Output shell(String commandLine) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(USER, "127.0.0.1", SSH_PORT).verify(SSH_TIMEOUT).getSession()) {
                session.addPasswordIdentity(PASSWORD);
                session.auth().verify(SSH_TIMEOUT);
                try (ChannelExec exec = session.createExecChannel(commandLine)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    exec.setOut(out);
                    exec.setErr(err);
                    exec.open().verify(SSH_TIMEOUT);
                    exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), SSH_TIMEOUT);
                    return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exec.getExitStatus());
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            Process stop = new ProcessBuilder("sh", "bin/stop").directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-it.out").toFile())).start();
            stop.waitFor(60, TimeUnit.SECONDS);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private void edit(String file, String pattern, String replacement) throws IOException {
        Path path = home.resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        String edited = text.replaceFirst(pattern, replacement);
        if (!java.util.regex.Pattern.compile(pattern).matcher(text).find()) {
            throw new IllegalStateException(file + " of the stock Karaf has no line matching " + pattern);
        }
        Files.writeString(path, edited, StandardCharsets.UTF_8);
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
