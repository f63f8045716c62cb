package org.revenge.analytics.internal.config;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How this node shares the database with other nodes: its id and its lease.
 *
 * @param nodeId the configured {@code node.id}, or {@code null} to use the journal's id
 * @param lease  {@code node.lease.sec}: how long after its last renewal a node counts as dead
 * @param renew  {@code node.lease.renew.sec}: how often the lease is renewed and dead nodes looked for
 * @param framework the OSGi framework's UUID ({@code org.osgi.framework.uuid}), {@code null} outside one
 */
public record NodeSettings(String nodeId, Duration lease, Duration renew, String framework) {

    public NodeSettings(String nodeId, Duration lease, Duration renew) {
        this(nodeId, lease, renew, null);
    }

    /** @return these settings, for a node in the framework of that UUID */
    public NodeSettings inFramework(String frameworkUuid) {
        return new NodeSettings(nodeId, lease, renew, frameworkUuid);
    }

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** A node with the journal's id and the default lease, for use outside a framework. */
    public static final NodeSettings DEFAULT = new NodeSettings(null, Duration.ofSeconds(30), Duration.ofSeconds(5));

    /**
     * @throws ConfigurationException naming the first bad attribute
     */
    public static NodeSettings from(AnalyticsConfiguration config) {
        String id = config.node_id() == null ? "" : config.node_id().strip();
        if (!id.isEmpty() && !NODE_ID.matcher(id).matches()) {
            throw new ConfigurationException("node.id", id, "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        int lease = Settings.within("node.lease.sec", config.node_lease_sec(), 2, 600);
        int renew = Settings.within("node.lease.renew.sec", config.node_lease_renew_sec(), 1, 300);
        if (renew * 2 > lease) {
            throw new ConfigurationException("node.lease.renew.sec", renew, "must be at most half of node.lease.sec ("
                    + lease + "), so that one late renewal does not lose the lease");
        }
        return new NodeSettings(id.isEmpty() ? null : id, Duration.ofSeconds(lease), Duration.ofSeconds(renew));
    }
}
