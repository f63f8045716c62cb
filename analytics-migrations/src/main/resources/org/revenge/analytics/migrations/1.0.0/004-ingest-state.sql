--liquibase formatted sql

--changeset revenge:1.0.0-004-playback-sessions
--comment: Live state of the sessionizer: its open sessions
-- (closed ones live in memory; a resume after a restart finds its play in playback_events). Small
-- (bounded by concurrent sessions), so not partitioned. It lets a restarted or updated bundle carry on.
CREATE TABLE playback_sessions (
    session_id    uuid        NOT NULL,
    play_id       uuid        NOT NULL,
    user_id       uuid        NOT NULL,
    media_id      uuid        NOT NULL,
    library_id    uuid        NOT NULL,
    started_at    timestamptz NOT NULL,
    last_event_at timestamptz NOT NULL,
    closed_at     timestamptz,
    watched_sec   integer     NOT NULL,
    position_sec  integer     NOT NULL,
    furthest_sec  integer     NOT NULL,
    runtime_sec   integer     NOT NULL,
    media_type    smallint    NOT NULL CHECK (media_type BETWEEN 1 AND 5),
    paused        boolean     NOT NULL,
    play_written  boolean     NOT NULL,
    client_type   varchar(50),
    CONSTRAINT playback_sessions_pk PRIMARY KEY (session_id)
);
COMMENT ON COLUMN playback_sessions.closed_at IS 'null while the session is open';
--rollback DROP TABLE playback_sessions;

--changeset revenge:1.0.0-004-ingest-checkpoint
--comment: How far each node's journal is durable in the database. Written in the same transaction
-- as the data, so a replay after a crash skips exactly what was already stored.
CREATE TABLE ingest_checkpoint (
    journal_id varchar(64) NOT NULL,
    sequence   bigint      NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ingest_checkpoint_pk PRIMARY KEY (journal_id)
);
--rollback DROP TABLE ingest_checkpoint;
