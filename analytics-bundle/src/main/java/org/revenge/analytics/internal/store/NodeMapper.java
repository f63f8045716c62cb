package org.revenge.analytics.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.ibatis.annotations.Param;

/**
 * What the nodes recording into one database share: their leases, the erasures each must honour,
 * the recording switch, and the notification channel. SQL in {@code NodeMapper.xml}; docs/NODES.md.
 */
public interface NodeMapper {

    /** The channel every node listens on. */
    String CHANNEL = "revenge_analytics";

    /** A node whose lease ran out, as its row was when it was deleted. */
    record DeadNode(String nodeId, Instant renewedAt) {
    }

    /** An erasure the nodes must honour: nothing of the user from before it may be written. */
    record Erasure(long seq, UUID userId, Instant erasedAt, String erasedBy) {
    }

    /** The last recording switch made through the admin service, and its version. */
    record RecordingSwitch(boolean enabled, long version) {
    }

    /**
     * Takes or renews the node's lease, whether or not its row is still there.
     *
     * @param framework the OSGi framework's UUID, or {@code null} outside a framework
     */
    void holdLease(@Param("nodeId") String nodeId, @Param("leaseSec") int leaseSec, @Param("framework") String framework);

    /**
     * Deletes the rows of earlier copies of the plugin in the same framework (reinstalled: a new
     * data area, so a new node id), whose sessions the new copy takes over at once.
     */
    List<DeadNode> takeSameFramework(@Param("nodeId") String nodeId, @Param("framework") String framework);

    /**
     * Renews the lease the node holds, inside a write: locks the node's row, which an erasure or an
     * adopter must wait for.
     *
     * @return 1, or 0 if another node found the lease run out and adopted the node's sessions
     */
    int renewLease(@Param("nodeId") String nodeId, @Param("leaseSec") int leaseSec);

    /** Deletes the rows of other nodes whose lease ran out: whoever deletes a row adopts the node. */
    List<DeadNode> takeExpired(@Param("nodeId") String nodeId);

    /** @return the erasures after {@code seq}, oldest first */
    List<Erasure> erasuresAfter(@Param("seq") long seq);

    /**
     * Locks every node's lease row, so that no node's write is under way while an erasure runs, and
     * every later write reads the erasure.
     */
    List<String> lockNodes();

    void addErasure(@Param("userId") UUID userId, @Param("erasedAt") Instant erasedAt, @Param("erasedBy") String erasedBy);

    void pruneErasures(@Param("before") Instant before);

    /** @return the last switch, or {@code null} if the admin service never switched recording */
    RecordingSwitch recordingSwitch();

    void switchRecording(@Param("enabled") boolean enabled);

    /** Sends a notification to every node; delivered when the transaction commits. */
    String notifyNodes(@Param("payload") String payload);

    /** Listens on {@link #CHANNEL} on this connection. */
    void listen();
}
