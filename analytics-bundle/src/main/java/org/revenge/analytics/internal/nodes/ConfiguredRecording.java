package org.revenge.analytics.internal.nodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.revenge.analytics.internal.config.AnalyticsConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a recording switch to this node's own configuration ({@code enabled} of
 * {@value AnalyticsConfiguration#PID}), so that everything that follows {@code enabled} on a single
 * node (the sink, the jobs, the health check; in Karaf the {@code .cfg} file) follows it here too.
 * The version applied is kept in the bundle's data area, so a switch is applied once per node: a
 * later hand edit of the node's {@code enabled} stays until the next switch.
 */
final class ConfiguredRecording implements RecordingTarget {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredRecording.class);

    private final ConfigurationAdmin configAdmin;
    private final Path versionFile;

    ConfiguredRecording(ConfigurationAdmin configAdmin, Path versionFile) {
        this.configAdmin = configAdmin;
        this.versionFile = versionFile;
    }

    @Override
    public long appliedVersion() {
        try {
            return Files.exists(versionFile) ? Long.parseLong(Files.readString(versionFile, StandardCharsets.US_ASCII).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Analytics cannot read which recording switch it applied last ({}): it applies the current one", e.getMessage());
            return 0;
        }
    }

    @Override
    public void apply(boolean enabled, long version) {
        if (configAdmin == null) {
            LOG.warn("Analytics cannot switch recording {} as another node asked: no ConfigurationAdmin service", onOff(enabled));
            return;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + AnalyticsConfiguration.PID + ")");
            if (found == null || found.length == 0) {
                LOG.warn("Analytics cannot switch recording {} as another node asked: configuration {} does not exist",
                        onOff(enabled), AnalyticsConfiguration.PID);
                return;
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            properties.put("enabled", enabled);
            if (found[0].updateIfDifferent(properties)) {
                LOG.info("Analytics is switched {} on this node too: the switch was made through the admin service of a node "
                        + "(enabled={} in {})", onOff(enabled), enabled, AnalyticsConfiguration.PID);
            }
            Files.writeString(versionFile, Long.toString(version), StandardCharsets.US_ASCII);
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("Analytics could not switch recording {} on this node as another node asked ({}); it tries again at "
                    + "the next notification or within a minute", onOff(enabled), e.getMessage());
        }
    }

    private static String onOff(boolean enabled) {
        return enabled ? "on" : "off";
    }
}
