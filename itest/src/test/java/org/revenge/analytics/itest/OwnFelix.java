package org.revenge.analytics.itest;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventAdmin;
import org.revenge.analytics.testing.EmbeddedFelix;
import org.revenge.analytics.testing.FeatureBundles;

/**
 * The same host as {@link FelixHost} (Felix with DS, EventAdmin, ConfigAdmin, Metatype and SLF4J,
 * then the bundles of {@code revenge-analytics-core} from the local Maven repository), launched by
 * the test itself through the framework launching API rather than by Pax Exam, for tests that run
 * on another JUnit Platform engine than Pax Exam's JUnit 4 runner (the jqwik fuzz test).
 *
 * <p>The test lives outside the framework: EventAdmin's and ConfigAdmin's API packages come from
 * this JVM's class path through the system bundle, so the test posts real {@code Event}s to the
 * real EventAdmin. The SPI is not shared (its bundle exports it and imports nothing), so
 * {@link SpiCalls} reaches the analytics service through the SPI bundle's own classes.
 */
final class OwnFelix implements AutoCloseable {

    private static final int HOST_LEVEL = 2;
    private static final int FEATURE_LEVEL = 4;

    private final Framework framework;
    private final Path logFile;

    /**
     * @param workDir where the bundle cache and the log go (emptied first)
     */
    OwnFelix(Path workDir) throws Exception {
        logFile = workDir.resolve("felix.log");
        Map<String, String> properties = EmbeddedFelix.properties(workDir);
        // slf4j-simple, a bundle in the framework, reads its settings from system properties as it starts
        System.setProperty("org.slf4j.simpleLogger.logFile", logFile.toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        workDir.toFile().mkdirs();
        List<File> host = new ArrayList<>(FelixHost.bundlesIn("host"));
        // Pax Exam's container exports the Log Service API that Metatype imports; this Felix needs the bundle
        host.addAll(FelixHost.bundlesIn("own-felix"));
        Path featuresFile = Path.of(System.getProperty("analytics.itest.features", "target/features.xml"));
        framework = EmbeddedFelix.launch(properties, host, HOST_LEVEL, FeatureBundles.of("revenge-analytics-core", featuresFile),
                FEATURE_LEVEL, 20);
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    Path logFile() {
        return logFile;
    }

    /**
     * @return the first service registered under that interface name, waiting for it up to a minute;
     *         of any class space, since the test's own copy of the SPI is not the framework's
     */
    Object awaitService(String interfaceName) throws Exception {
        await().atMost(Plugin.STARTUP).until(() -> context().getAllServiceReferences(interfaceName, null) != null);
        ServiceReference<?> reference = context().getAllServiceReferences(interfaceName, null)[0];
        return context().getService(reference);
    }

    EventAdmin eventAdmin() throws Exception {
        return (EventAdmin) awaitService(EventAdmin.class.getName());
    }

    /** Replaces a configuration, as an operator's .cfg file would. */
    void configure(String pid, Map<String, Object> values) throws Exception {
        ConfigurationAdmin configAdmin = (ConfigurationAdmin) awaitService(ConfigurationAdmin.class.getName());
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configAdmin.getConfiguration(pid, null).update(properties);
    }

    /** @return the installed bundle of that symbolic name */
    Bundle bundle(String symbolicName) {
        return Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("bundle " + symbolicName + " is not installed"));
    }

    /** @return the bundles that are not active, by symbolic name and state; empty when all run */
    List<String> bundlesNotActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : context().getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName() + " (state " + bundle.getState() + ")");
            }
        }
        return notActive;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(Duration.ofMinutes(1).toMillis());
    }
}
