package org.revenge.analytics.runner;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Karaf's features service, over Karaf's own JMX connector (the {@code management} boot feature),
 * with the operator's login. Karaf installs its boot features on its first start only, so this is
 * how the launcher installs the plugin, and the demo with {@code --demo}, or takes the demo away
 * without it, at every start. Unlike {@code bin/client}, it reports what went wrong.
 */
final class KarafFeatures implements AutoCloseable {

    /**
     * What the banner shows needs the admin surfaces (the console page, the HTTP API, the shell
     * commands), which revenge-analytics alone, headless, does not bring.
     */
    static final String ANALYTICS = "revenge-analytics-admin";
    static final String DEMO = "revenge-analytics-demo";

    private static final String STRING = String.class.getName();

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName features;

    private KarafFeatures(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        try {
            this.features = new ObjectName("org.apache.karaf:type=feature,name=root");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects once Karaf's JMX connector answers and its features service is there. */
    static KarafFeatures connect(RunOptions options, KarafProcess karaf, Duration patience) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + options.rmiServerPort()
                + "/jndi/rmi://127.0.0.1:" + options.rmiRegistryPort() + "/karaf-root");
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnector.CREDENTIALS, new String[] {"karaf", "karaf"});
        long deadline = System.nanoTime() + patience.toNanos();
        Exception last = null;
        SecurityException refused = null;
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf ended while starting; see its log");
            }
            try {
                KarafFeatures connected = new KarafFeatures(JMXConnectorFactory.connect(url, environment));
                if (connected.server.isRegistered(connected.features)) {
                    return connected;
                }
                connected.close();
            } catch (SecurityException e) {
                // the login realm can be briefly away while the boot features refresh bundles; a
                // login that is really refused is still refused at the deadline
                refused = e;
            } catch (IOException e) {
                last = e;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        if (refused != null) {
            throw new IllegalStateException("Karaf refused the login karaf/karaf over JMX (" + refused.getMessage()
                    + "); ./run needs it: see etc/users.properties", refused);
        }
        throw new IllegalStateException("Karaf's features service did not answer over JMX at " + url + " within "
                + patience.toSeconds() + " s" + (last == null ? "" : ": " + last), last);
    }

    /** Adds a features repository to the ones Karaf knows. */
    void addRepository(String uri) throws Exception {
        server.invoke(features, "addRepository", new Object[] {uri}, new String[] {STRING});
    }

    /** @return whether a repository Karaf knows has the feature */
    boolean known(String feature) throws Exception {
        return row(feature) != null;
    }

    boolean installed(String feature) throws Exception {
        CompositeData row = row(feature);
        return row != null && Boolean.TRUE.equals(row.get("Installed"));
    }

    private CompositeData row(String feature) throws Exception {
        TabularData all = (TabularData) server.getAttribute(features, "Features");
        for (Object row : all.values()) {
            CompositeData data = (CompositeData) row;
            if (feature.equals(data.get("Name"))) {
                return data;
            }
        }
        return null;
    }

    /** Installs the feature, waiting until its bundles are started; installing twice changes nothing. */
    void install(String feature) throws Exception {
        server.invoke(features, "installFeature", new Object[] {feature}, new String[] {STRING});
    }

    /**
     * Uninstalls the feature without refreshing other bundles: nothing depends on what goes, and a
     * refresh would restart unrelated ones (Karaf's JMX among them, while we talk to it).
     */
    void uninstall(String feature) throws Exception {
        server.invoke(features, "uninstallFeature", new Object[] {feature, true}, new String[] {STRING, "boolean"});
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
