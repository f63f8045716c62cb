--liquibase formatted sql

--changeset revenge:1.2.0-028-ensure-partition-attach splitStatements:false
--comment: A missing day's partition is made as a table of its own and then attached. CREATE TABLE ...
-- PARTITION OF takes playback_events to itself (ACCESS EXCLUSIVE), so it waited behind every write in
-- progress (another node's) and every reader, and every insert queued behind it; ATTACH PARTITION
-- takes it in SHARE UPDATE EXCLUSIVE mode, which lets inserts and reads go on (found by bench/run
-- nodes). The table is empty, so checking it against the day's bounds reads nothing. Still safe when
-- nodes race: the second CREATE TABLE waits for the first's transaction and then finds the table.
CREATE OR REPLACE FUNCTION analytics_ensure_playback_partition(p_day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    part text := 'playback_events_p' || to_char(p_day, 'YYYYMMDD');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE playback_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                   'INCLUDING STORAGE INCLUDING COMPRESSION)', part);
    EXECUTE format('ALTER TABLE playback_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
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
--rollback CREATE OR REPLACE FUNCTION analytics_ensure_playback_partition(p_day date) RETURNS boolean LANGUAGE plpgsql AS $body$ DECLARE part text := 'playback_events_p' || to_char(p_day, 'YYYYMMDD'); BEGIN IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF; EXECUTE format('CREATE TABLE %I PARTITION OF playback_events FOR VALUES FROM (%L) TO (%L)', part, p_day::timestamp AT TIME ZONE 'UTC', (p_day + 1)::timestamp AT TIME ZONE 'UTC'); RETURN true; EXCEPTION WHEN duplicate_table OR unique_violation THEN RETURN false; END $body$;
