package org.revenge.analytics.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.service.cm.ConfigurationAdmin;
import org.revenge.analytics.testing.EmbeddedFelix;
import org.revenge.analytics.testing.FeatureBundles;

/**
 * A Felix host like the one the plugin runs in: DS, EventAdmin, ConfigAdmin and SLF4J, then the
 * bundles of the {@code revenge-analytics-core} feature. EventAdmin's and ConfigAdmin's API
 * packages come from this JVM's class path through the system bundle, so the benchmark can post
 * events and configure the plugin directly.
 */
final class Host implements AutoCloseable {

    /**
     * EventAdmin settings of the host, from the environment: ANALYTICS_BENCH_EVENTADMIN_TIMEOUT
     * (ms, Felix's default 5000; 0 turns the per-delivery watchdog off).
     */
    private static final Map<String, String> EVENT_ADMIN = Map.of("org.apache.felix.eventadmin.Timeout",
            System.getenv().getOrDefault("ANALYTICS_BENCH_EVENTADMIN_TIMEOUT", "5000"));
    /** The sink's service name; a class literal would load the SPI, which is not on the benchmark's class path. */
    private static final String HOST_EVENT_SINK = "org.revenge.analytics.spi.HostEventSink";

    private final Framework framework;

    Host(Path workDir) throws Exception {
        Map<String, String> properties = EmbeddedFelix.properties(workDir);
        properties.put("org.slf4j.simpleLogger.logFile", workDir.resolve("felix.log").toString());
        properties.putAll(EVENT_ADMIN);
        properties.forEach(System::setProperty);
        File[] host = new File("target/bundles/host").listFiles((dir, name) -> name.endsWith(".jar"));
        Arrays.sort(host);
        framework = EmbeddedFelix.launch(properties, List.of(host), 2,
                FeatureBundles.of("revenge-analytics-core", Path.of("target/features.xml")), 4, 10);
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    <T> T await(Class<T> type, String filter, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            var references = context().getServiceReferences(type, filter);
            if (!references.isEmpty()) {
                return context().getService(references.iterator().next());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " " + (filter == null ? "" : filter)
                + " within " + timeoutSeconds + " s; see target/bench/felix.log");
    }

    /** Waits until a service of that name is registered (the benchmark does not share its API). */
    void awaitService(String className, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (context().getServiceReference(className) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(className + " did not appear within " + timeoutSeconds
                        + " s; see target/bench/felix.log");
            }
            Thread.sleep(100);
        }
    }

    /**
     * The plugin's host-event sink ({@code HostEventSink}, the service the relay hands events to),
     * as a function. The benchmark does not share the SPI, so it calls the sink's {@code accept}
     * through a method handle, which costs about what a direct call does.
     */
    java.util.function.Consumer<org.osgi.service.event.Event> hostEventSink(long timeoutSeconds) throws Exception {
        String filter = "(" + org.revenge.analytics.spi.HostEventSink.SINK_PROPERTY + "=true)";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        org.osgi.framework.ServiceReference<?>[] references;
        while ((references = context().getServiceReferences(HOST_EVENT_SINK, filter)) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no host-event sink " + filter + " within " + timeoutSeconds
                        + " s; see target/bench/felix.log");
            }
            Thread.sleep(100);
        }
        Object sink = context().getService(references[0]);
        java.lang.invoke.MethodHandle accept = java.lang.invoke.MethodHandles.publicLookup()
                .unreflect(sink.getClass().getMethod("accept", org.osgi.service.event.Event.class)).bindTo(sink);
        return event -> {
            try {
                accept.invoke(event);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
    }

    void configure(String pid, Map<String, Object> values) throws Exception {
        ConfigurationAdmin configAdmin = await(ConfigurationAdmin.class, null, 30);
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configAdmin.getConfiguration(pid, null).update(properties);
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(60_000);
    }
}
