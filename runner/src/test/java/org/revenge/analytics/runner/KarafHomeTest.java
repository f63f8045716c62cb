package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KarafHomeTest {

    @TempDir
    Path dir;

    @Test
    void karafsShutdownSocketGetsTheGivenPortOnLoopbackAndKeepsItsPortFile() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("karaf/etc"));
        // the lines of a stock Karaf 4.4.10's etc/config.properties that matter here
        Files.write(etc.resolve("config.properties"), List.of("#", "# The location of the Karaf shutdown port file used to stop instance",
                "#", "karaf.shutdown.port.file=${karaf.data}/port", "", "karaf.pid.file=${karaf.base}/karaf.pid"));
        BuildInfo build = new BuildInfo("4.4.10", dir.resolve("karaf.tar.gz"), "1.0.0-SNAPSHOT", dir.resolve("default.cfg"),
                dir.resolve("m2"), dir.resolve("repository"));

        new KarafHome(dir.resolve("karaf")).configure(RunOptions.parse(List.of("--shutdown-port", "18105")), build);

        CfgFile config = CfgFile.read(etc.resolve("config.properties"));
        assertThat(config.get("karaf.shutdown.port")).contains("18105");
        assertThat(config.get("karaf.shutdown.host")).contains("127.0.0.1");
        assertThat(config.get("karaf.shutdown.port.file")).contains("${karaf.data}/port");
        assertThat(config.get("karaf.pid.file")).contains("${karaf.base}/karaf.pid");
    }
}
