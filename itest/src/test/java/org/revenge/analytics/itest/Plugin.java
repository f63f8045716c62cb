package org.revenge.analytics.itest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the tests inside the framework do to the plugin and read from it. */
final class Plugin {

    static final String PID = "org.revenge.analytics";
    static final String BUNDLE = "org.revenge.analytics.bundle";
    static final Duration STARTUP = Duration.ofSeconds(60);

    private final BundleContext context;

    Plugin(BundleContext context) {
        this.context = context;
    }

    static String jdbcUrl() {
        return System.getProperty(FelixHost.JDBC_URL);
    }

    /** Replaces the plugin's configuration, as an operator's .cfg file would. */
    void configure(Map<String, Object> properties) throws IOException {
        ConfigurationAdmin configAdmin = service(ConfigurationAdmin.class).orElseThrow();
        Configuration configuration = configAdmin.getConfiguration(PID, null);
        Dictionary<String, Object> values = new Hashtable<>(properties);
        configuration.update(values);
    }

    /** The plugin connected to the test database. */
    void configureTestDatabase() throws IOException {
        configure(Map.of("jdbc.url", jdbcUrl(), "timezone", "UTC"));
    }

    <T> Optional<T> service(Class<T> type) {
        ServiceReference<T> reference = context.getServiceReference(type);
        return reference == null ? Optional.empty() : Optional.ofNullable(context.getService(reference));
    }

    <T> T awaitService(Class<T> type) {
        await().atMost(STARTUP).until(() -> service(type).isPresent());
        return service(type).orElseThrow();
    }

    Bundle bundle() {
        for (Bundle bundle : context.getBundles()) {
            if (BUNDLE.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new IllegalStateException("bundle " + BUNDLE + " is not installed");
    }

    /** Everything the plugin and its libraries logged so far. */
    static String log() {
        try {
            return Files.readString(Path.of(System.getProperty(FelixHost.LOG_FILE)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
