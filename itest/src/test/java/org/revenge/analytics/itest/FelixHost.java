package org.revenge.analytics.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.revenge.analytics.testing.FeatureBundles;
import org.revenge.analytics.testing.TestPorts;
import org.revenge.analytics.testing.TestPostgres;

/**
 * The host every integration test boots: Felix with the services a Revenge host has (DS,
 * EventAdmin, ConfigAdmin, Metatype, SLF4J logging to a file), then the bundles of the
 * {@code revenge-analytics-core} feature. Runs in the Pax Exam driver, outside the framework.
 */
final class FelixHost {

    /** The system property that tells the tests inside the framework their database. */
    static final String JDBC_URL = "analytics.itest.jdbc.url";

    /** A second empty database, for a test that must see the schema being created. */
    static final String SPARE_JDBC_URL = "analytics.itest.jdbc.url.spare";

    /** The system property that tells the tests inside the framework where the log goes. */
    static final String LOG_FILE = "analytics.itest.log";

    private static final int HOST_LEVEL = 2;
    private static final int FEATURE_LEVEL = 4;

    private FelixHost() {
    }

    /**
     * @param testName names the test's database and log file
     * @return the options of a framework with the plugin installed but not configured
     */
    static Option[] withAnalytics(String testName) {
        File logDir = new File(System.getProperty("analytics.itest.logdir", "target/felix-logs"));
        logDir.mkdirs();
        String logFile = new File(logDir, testName + ".log").getAbsolutePath();
        List<Option> options = new ArrayList<>(Arrays.asList(
                frameworkStartLevel(20),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                systemProperty("org.slf4j.simpleLogger.logFile").value(logFile),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
                systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"),
                systemProperty(LOG_FILE).value(logFile),
                systemProperty(JDBC_URL).value(TestPostgres.freshDatabase(testName)),
                systemProperty(SPARE_JDBC_URL).value(TestPostgres.freshDatabase(testName)),
                junitBundles()));
        for (File jar : hostBundles()) {
            options.add(bundle(jar.toURI().toString()).startLevel(HOST_LEVEL));
        }
        Path featuresFile = Path.of(System.getProperty("analytics.itest.features", "target/features.xml"));
        for (FeatureBundles.FeatureBundle featureBundle : FeatureBundles.of("revenge-analytics-core", featuresFile)) {
            // the features file puts SPI Fly and ASM first; so does the host
            int level = featureBundle.startLevel() > 0 ? 1 : FEATURE_LEVEL;
            options.add(bundle(featureBundle.file().toURI().toString()).startLevel(level));
        }
        return options(options.toArray(Option[]::new));
    }

    /** The system property that tells the tests inside the framework the HTTP port. */
    static final String HTTP_PORT = "analytics.itest.http.port";

    /**
     * @param testName names the test's database and log file
     * @param httpPort the port felix http jetty listens on
     * @return {@link #withAnalytics} plus felix http jetty (javax servlet, HTTP Whiteboard 1.1) and
     *         the bundles of the {@code revenge-analytics-admin} feature
     */
    static Option[] withAnalyticsAdmin(String testName, int httpPort) {
        List<Option> options = new ArrayList<>(Arrays.asList(withAnalytics(testName)));
        options.add(systemProperty("org.osgi.service.http.port").value(Integer.toString(TestPorts.outsideEphemeral(httpPort))));
        options.add(systemProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(systemProperty(HTTP_PORT).value(Integer.toString(httpPort)));
        for (File jar : bundlesIn("http")) {
            options.add(bundle(jar.toURI().toString()).startLevel(HOST_LEVEL));
        }
        Path featuresFile = Path.of(System.getProperty("analytics.itest.features", "target/features.xml"));
        // the admin feature includes the core, which withAnalytics has installed already; its
        // dependency bundles are the servlet and HTTP API packages, which felix http jetty exports here
        List<FeatureBundles.FeatureBundle> core = FeatureBundles.of("revenge-analytics-core", featuresFile);
        for (FeatureBundles.FeatureBundle featureBundle : FeatureBundles.of("revenge-analytics-admin", featuresFile)) {
            if (!core.contains(featureBundle) && !featureBundle.dependency()) {
                options.add(bundle(featureBundle.file().toURI().toString()).startLevel(FEATURE_LEVEL));
            }
        }
        return options(options.toArray(Option[]::new));
    }

    /**
     * @param testName names the test's database and log file
     * @return {@link #withAnalytics} plus the rest of the headless {@code revenge-analytics} feature
     *         (Felix Health Checks and the monitoring bundle), with no HTTP service
     */
    static Option[] withAnalyticsHeadless(String testName) {
        List<Option> options = new ArrayList<>(Arrays.asList(withAnalytics(testName)));
        Path featuresFile = Path.of(System.getProperty("analytics.itest.features", "target/features.xml"));
        List<FeatureBundles.FeatureBundle> core = FeatureBundles.of("revenge-analytics-core", featuresFile);
        for (FeatureBundles.FeatureBundle featureBundle : FeatureBundles.of("revenge-analytics", featuresFile)) {
            if (!core.contains(featureBundle)) {
                options.add(bundle(featureBundle.file().toURI().toString()).startLevel(FEATURE_LEVEL));
            }
        }
        return options(options.toArray(Option[]::new));
    }

    private static List<File> hostBundles() {
        return bundlesIn("host");
    }

    /** @return the jars the build copied into that folder of target/bundles, in name order */
    static List<File> bundlesIn(String folder) {
        File dir = new File(System.getProperty("analytics.itest.bundles", "target/bundles"), folder);
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no host bundles in " + dir + "; the build copies them there");
        }
        Arrays.sort(jars);
        return List.of(jars);
    }
}
