--liquibase formatted sql

--changeset revenge:1.2.0-027-node-lease
--comment: The nodes (plugin JVMs) that record into this database, each with a lease it renews every few
-- seconds (node.lease.renew.sec). A node whose lease ran out is dead: another node deletes its row and
-- adopts its open sessions in the same transaction, so exactly one adopter wins. Only the node's id
-- (a label, by default a UUID kept in its data area), the OSGi framework's random UUID (a plugin
-- reinstalled in the same framework gets a new data area, and so a new id, and takes over at once
-- what its predecessor there held) and times: no address, no host name.
CREATE TABLE analytics_node (
    node_id    varchar(64) NOT NULL,
    framework  varchar(64),
    started_at timestamptz NOT NULL,
    renewed_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT analytics_node_pk PRIMARY KEY (node_id)
);
--rollback DROP TABLE analytics_node;

--changeset revenge:1.2.0-027-session-owner
--comment: The node whose sessionizer holds an open session. A node restores only its own sessions and
-- writes or deletes only rows it owns. Null for sessions stored before 1.2.0: the first node that
-- restores claims them.
ALTER TABLE playback_sessions ADD COLUMN owner varchar(64);
CREATE INDEX playback_sessions_owner_idx ON playback_sessions (owner);
--rollback DROP INDEX playback_sessions_owner_idx; ALTER TABLE playback_sessions DROP COLUMN owner;

--changeset revenge:1.2.0-027-erasure-fence
--comment: Erasures the other nodes must honour: each node's write transaction reads the entries it has
-- not seen yet (after renewing its own lease row, which an erasure locks) and drops what it holds of
-- those users from before the erasure instead of writing it. Kept 7 days; only the user's id, already
-- stored, and the erasing node's id (which needs no fence: it held the user back itself).
CREATE TABLE user_erasure_fence (
    seq       bigint      GENERATED ALWAYS AS IDENTITY,
    user_id   uuid        NOT NULL,
    erased_at timestamptz NOT NULL,
    erased_by varchar(64) NOT NULL,
    CONSTRAINT user_erasure_fence_pk PRIMARY KEY (seq)
);
--rollback DROP TABLE user_erasure_fence;

--changeset revenge:1.2.0-027-recording-switch
--comment: The last recording switch made through AnalyticsAdmin.setEnabled on any node; each node
-- applies a version it has not applied yet to its own configuration (enabled).
CREATE TABLE recording_switch (
    id         smallint    NOT NULL DEFAULT 1,
    enabled    boolean     NOT NULL,
    version    bigint      NOT NULL,
    changed_at timestamptz NOT NULL,
    CONSTRAINT recording_switch_pk PRIMARY KEY (id),
    CONSTRAINT recording_switch_one_row CHECK (id = 1)
);
--rollback DROP TABLE recording_switch;
