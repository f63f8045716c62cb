package org.revenge.analytics.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the build left for the launcher: versions, the Karaf archive, the plugin's default
 * configuration, and a Maven repository holding exactly what this build's features need.
 */
record BuildInfo(String karafVersion, Path karafArchive, String analyticsVersion, Path defaultCfg, Path mavenRepository,
                 Path featuresRepositoryDirectory) {

    static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("build.properties is missing from the launcher; build it with Maven", e));
        }
        return new BuildInfo(properties.getProperty("karaf.version"), Path.of(properties.getProperty("karaf.archive")),
                properties.getProperty("analytics.version"), Path.of(properties.getProperty("analytics.default.cfg")),
                Path.of(properties.getProperty("maven.repo.local")), Path.of(properties.getProperty("analytics.repository")));
    }

    /** @return the features repository of this build, as Karaf resolves it from the local Maven repository */
    String featuresRepository() {
        return "mvn:org.revenge.analytics/features/" + analyticsVersion + "/xml/features";
    }
}
