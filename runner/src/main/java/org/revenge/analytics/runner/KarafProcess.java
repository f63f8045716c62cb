package org.revenge.analytics.runner;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Karaf as a child process, {@code bin/karaf server}: no local console (the shell is over SSH), its
 * log in {@code data/log/karaf.log} and its own output in {@code data/log/karaf.out}. It runs in a
 * session of its own, so the terminal's Ctrl-C reaches only the launcher, which then stops Karaf
 * before the database.
 */
final class KarafProcess {

    private final KarafHome home;
    private final Process process;

    private KarafProcess(KarafHome home, Process process) {
        this.home = home;
        this.process = process;
    }

    static KarafProcess start(KarafHome home) throws IOException {
        Path out = home.home().resolve("data/log/karaf.out");
        Files.createDirectories(out.getParent());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
            command.add("setsid");
        }
        command.addAll(List.of("sh", "bin/karaf", "server"));
        Process process = new ProcessBuilder(command).directory(home.home().toFile())
                .redirectErrorStream(true).redirectOutput(Redirect.appendTo(out.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")))
                .start();
        return new KarafProcess(home, process);
    }

    boolean isAlive() {
        return process.isAlive() || karafJvm() != null;
    }

    /** Waits until Karaf has ended, however it ended. @return the exit value of its script */
    int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        ProcessHandle jvm = karafJvm();
        if (jvm != null) {
            jvm.onExit().join();
        }
        return exit;
    }

    /**
     * Stops Karaf the way {@code bin/stop} does (its shutdown port), which stops every bundle in
     * order; if it has not ended within the time given, it is killed.
     */
    void stop(Duration patience) throws InterruptedException {
        if (!isAlive()) {
            return;
        }
        runStopScript(home);
        long deadline = System.nanoTime() + patience.toNanos();
        while (isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (isAlive()) {
            Console.say("Karaf did not stop within " + patience.toSeconds() + " s; killing it");
            kill(true);
        }
    }

    /** A launcher that was killed leaves Karaf running on its home: stop it, as it would have been. */
    static void stopLeftover(KarafHome home, Duration patience) throws InterruptedException {
        ProcessHandle leftover = home.runningKaraf();
        if (leftover == null) {
            return;
        }
        Console.say("Stopping the Karaf a previous run left behind (pid " + leftover.pid() + ")");
        runStopScript(home);
        try {
            leftover.onExit().get(patience.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            leftover.destroyForcibly();
        }
    }

    private static void runStopScript(KarafHome home) throws InterruptedException {
        try {
            Process stop = new ProcessBuilder("sh", "bin/stop").directory(home.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(home.home().resolve("data/log/karaf.out").toFile())).start();
            stop.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            Console.say("bin/stop did not run (" + e.getMessage() + "); ending Karaf's process instead");
        }
    }

    /** Ends the Karaf process tree: politely (SIGTERM, Karaf then stops its bundles) or not. */
    void kill(boolean forcibly) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        ProcessHandle jvm = karafJvm();
        if (jvm != null) {
            all.add(jvm);
        }
        all.add(process.toHandle());
        for (ProcessHandle handle : all) {
            if (forcibly) {
                handle.destroyForcibly();
            } else {
                handle.destroy();
            }
        }
    }

    private ProcessHandle karafJvm() {
        return home.runningKaraf();
    }
}
