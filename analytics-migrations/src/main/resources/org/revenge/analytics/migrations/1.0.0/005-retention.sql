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
