--liquibase formatted sql

--changeset revenge:1.0.0-001-playback-events
--comment: Raw plays, one row per play, in daily UTC partitions.
-- Columns are ordered widest-aligned first so rows carry no padding. user_id deliberately has no
-- REFERENCES users(id): the host owns its users table, and the plugin must work whatever the
-- host's schema is. The primary key holds the distribution key (user_id) and the partition key
-- (started_at) so the table can be distributed by Citus as it is; ids come from the application.
-- There is no default partition: a write for a missing day creates its partition first.
CREATE TABLE playback_events (
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    user_id      uuid        NOT NULL,
    id           uuid        NOT NULL,
    media_id     uuid        NOT NULL,
    library_id   uuid        NOT NULL,
    duration_sec integer     NOT NULL CHECK (duration_sec BETWEEN 0 AND 86400),
    media_type   smallint    NOT NULL CHECK (media_type BETWEEN 1 AND 5),
    completed    boolean     NOT NULL,
    client_type  varchar(50),
    CONSTRAINT playback_events_pk PRIMARY KEY (user_id, started_at, id)
) PARTITION BY RANGE (started_at);
COMMENT ON COLUMN playback_events.media_type IS '1 movie, 2 episode, 3 track, 4 audiobook, 5 other';
COMMENT ON COLUMN playback_events.duration_sec IS 'seconds watched, pauses excluded';
--rollback DROP TABLE playback_events;

--changeset revenge:1.0.0-001-playback-events-open
--comment: Plays still going on (no end yet) are few; a partial index finds them without a scan.
CREATE INDEX playback_events_open ON playback_events (started_at) WHERE ended_at IS NULL;
--rollback DROP INDEX playback_events_open;

--changeset revenge:1.0.0-001-ensure-partition splitStatements:false
--comment: Creates the partition of one UTC day if it is missing; safe when several nodes race.
CREATE FUNCTION analytics_ensure_playback_partition(p_day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    part text := 'playback_events_p' || to_char(p_day, 'YYYYMMDD');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF playback_events FOR VALUES FROM (%L) TO (%L)',
                   part,
                   p_day::timestamp AT TIME ZONE 'UTC',
                   (p_day + 1)::timestamp AT TIME ZONE 'UTC');
    RETURN true;
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        -- another node created it between our check and our CREATE
        RETURN false;
END
$$;
--rollback DROP FUNCTION analytics_ensure_playback_partition(date);
