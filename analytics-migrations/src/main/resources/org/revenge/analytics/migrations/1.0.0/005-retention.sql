--liquibase formatted sql

--changeset revenge:1.0.0-005-drop-partitions splitStatements:false
--comment: Retention of raw plays drops whole daily partitions, never DELETEs rows. Drops every
-- partition whose UTC day ends on or before p_before, and returns how many it dropped.
CREATE FUNCTION analytics_drop_playback_partitions(p_before date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.relname
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'playback_events'::regclass
           AND c.relname ~ '^playback_events_p[0-9]{8}$'
           AND to_date(substring(c.relname from 18 for 8), 'YYYYMMDD') + 1 <= p_before
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END
$$;
--rollback DROP FUNCTION analytics_drop_playback_partitions(date);

--changeset revenge:1.0.0-005-compact-partition splitStatements:false
--comment: Once a UTC day is over, its partition only sees the odd late play. Rewriting it in key
-- order (CLUSTER) packs the heap and the key index tight: plays arrive in time order, so the key,
-- which leads with the user, fills its pages only about half otherwise. It also puts each user's
-- plays of the day together, which is what the per-user queries read. The partition is locked for
-- the rewrite (under a second for a day of a busy server); it runs after the aggregation schedule.
-- Returns the plays rewritten, or null if the day has no partition.
CREATE FUNCTION analytics_compact_playback_partition(p_day date) RETURNS bigint
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
    EXECUTE format('ANALYZE %I', part);
    EXECUTE format('SELECT count(*) FROM %I', part) INTO plays;
    RETURN plays;
END
$$;
--rollback DROP FUNCTION analytics_compact_playback_partition(date);
