package org.revenge.analytics.internal.nodes;

/** Where this node applies a recording switch made through the admin service of any node. */
public interface RecordingTarget {

    /** @return the version of the last switch applied on this node, 0 if none */
    long appliedVersion();

    /**
     * Applies a switch and remembers its version.
     *
     * @param enabled whether recording is on
     * @param version the switch's version in {@code recording_switch}
     */
    void apply(boolean enabled, long version);
}
