--liquibase formatted sql

--changeset revenge:1.2.0-030-compacted-time-index splitStatements:false
--comment: A compacted partition (analytics_compact_playback_partition, changeset 005) is in key order,
-- the user first, so its plays are no longer in time order and the BRIN index on started_at, which
-- relies on that order, narrows nothing: a read of a time range (a day's plays, the console's
-- drill-down, page by page) read the whole day. Compaction now also gives the partition a B-tree on
-- the minute each play started (UTC), playback_events_pYYYYMMDD_minute: a day's minute of plays
-- shares one key, so the index holds little more than a row pointer a play (7 B a play, against 23 B
-- for one on started_at itself, which would take the raw plays past 150 B a play). It is written
-- once, as the day is over; live partitions keep only the BRIN index, so recording pays nothing.
-- The partitions compacted before this change (their key index marked clustered) get it here.
CREATE OR REPLACE FUNCTION analytics_compact_playback_partition(p_day date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    part text := 'playback_events_p' || to_char(p_day, 'YYYYMMDD');
    key_index text;
    plays bigint;
BEGIN
    IF to_regclass(part) IS NULL THEN
        RETURN NULL;
    END IF;
    -- the rewrite needs the partition to itself: rather than make every reader queue behind it
    -- while a long transaction holds the partition, give up after a few seconds (the job retries)
    PERFORM set_config('lock_timeout', '5s', true);
    SELECT c.relname INTO key_index
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = to_regclass(part) AND i.indisprimary;
    EXECUTE format('CLUSTER %I USING %I', part, key_index);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I ((date_trunc(''minute'', started_at AT TIME ZONE ''UTC'')))',
                   part || '_minute', part);
    EXECUTE format('ANALYZE %I', part);
    EXECUTE format('SELECT count(*) FROM %I', part) INTO plays;
    RETURN plays;
END
$$;
DO $$
DECLARE
    part record;
BEGIN
    FOR part IN
        SELECT c.relname
          FROM pg_inherits h
          JOIN pg_class c ON c.oid = h.inhrelid
          JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary AND i.indisclustered
         WHERE h.inhparent = 'playback_events'::regclass
           AND c.relname ~ '^playback_events_p[0-9]{8}$'
    LOOP
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I ((date_trunc(''minute'', started_at AT TIME ZONE ''UTC'')))',
                       part.relname || '_minute', part.relname);
    END LOOP;
END
$$;
--rollback CREATE OR REPLACE FUNCTION analytics_compact_playback_partition(p_day date) RETURNS bigint LANGUAGE plpgsql AS $body$ DECLARE part text := 'playback_events_p' || to_char(p_day, 'YYYYMMDD'); key_index text; plays bigint; BEGIN IF to_regclass(part) IS NULL THEN RETURN NULL; END IF; PERFORM set_config('lock_timeout', '5s', true); SELECT c.relname INTO key_index FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(part) AND i.indisprimary; EXECUTE format('CLUSTER %I USING %I', part, key_index); EXECUTE format('ANALYZE %I', part); EXECUTE format('SELECT count(*) FROM %I', part) INTO plays; RETURN plays; END $body$;
--rollback DO $body$ DECLARE part record; BEGIN FOR part IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'i' AND c.relname ~ '^playback_events_p[0-9]{8}_minute$' LOOP EXECUTE format('DROP INDEX %I', part.relname); END LOOP; END $body$;
