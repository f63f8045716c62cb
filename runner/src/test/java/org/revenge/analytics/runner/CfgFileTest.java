package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        Path file = dir.resolve("x.cfg");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void changesOneEntryAndLeavesCommentsAndOtherEntriesAlone() throws Exception {
        Path file = file("# the shell", "sshPort = 8101", "sshHost = 0.0.0.0", "#sshPort = 1");
        CfgFile.read(file).set("sshPort", "18101").write();
        assertThat(Files.readAllLines(file)).containsExactly("# the shell", "sshPort = 18101", "sshHost = 0.0.0.0", "#sshPort = 1");
    }

    @Test
    void readsAndRewritesAListContinuedOverSeveralLines() throws Exception {
        Path file = file("featuresBoot = \\", "    instance/4.4.10, \\", "    scr", "featuresBootAsynchronous=false");
        CfgFile cfg = CfgFile.read(file);
        assertThat(cfg.getList("featuresBoot")).containsExactly("instance/4.4.10", "scr");
        cfg.setList("featuresBoot", List.of("instance/4.4.10", "scr", "revenge-analytics")).write();
        assertThat(Files.readAllLines(file)).containsExactly("featuresBoot = \\", "    instance/4.4.10, \\", "    scr, \\",
                "    revenge-analytics", "featuresBootAsynchronous=false");
        assertThat(CfgFile.read(file).get("featuresBootAsynchronous")).contains("false");
    }

    @Test
    void aKeyThatOnlyBeginsLikeAnotherIsAnotherKey() throws Exception {
        Path file = file("jdbc.url.extra = a", "jdbc.url = jdbc:postgresql://h:1/db?user=x&ssl=true");
        assertThat(CfgFile.read(file).get("jdbc.url")).contains("jdbc:postgresql://h:1/db?user=x&ssl=true");
        assertThat(CfgFile.read(file).get("jdbc.password")).isEmpty();
    }

    @Test
    void escapesBackslashesSoTheyReadBackTheSame() throws Exception {
        Path file = file("jdbc.password =");
        CfgFile.read(file).set("jdbc.password", "a\\b").write();
        assertThat(CfgFile.read(file).get("jdbc.password")).contains("a\\b");
    }

    @Test
    void uncommentsALineOnce() throws Exception {
        Path file = file("#karaf = karaf,_g_:admingroup");
        CfgFile.read(file).uncomment("karaf = karaf,_g_:admingroup").write();
        CfgFile.read(file).uncomment("karaf = karaf,_g_:admingroup").write();
        assertThat(Files.readAllLines(file)).containsExactly("karaf = karaf,_g_:admingroup");
    }
}
