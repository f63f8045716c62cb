--liquibase formatted sql

--changeset revenge:1.2.0-032-breakdown-summary splitStatements:false
--comment: play_breakdown_daily keeps a day's plays by local hour, client type and media type together,
-- a few hundred rows a day (24 hours times the client types times the media types), and the
-- console's heat map, client types and completion rates each need one of those three only. This
-- table keeps each day's totals by each of them apart, a few dozen rows a day: part 0 by local hour
-- (key: the hour), part 1 by client type (key: client_code), part 2 by media type (key: media_type).
-- It is kept by triggers on play_breakdown_daily, so every way that table changes (the writer, an
-- import, the daily check, an erasure, retention, a TRUNCATE) changes this one in the same
-- transaction: each statement's changed rows are summed into it, and days left with nothing are
-- deleted. It names no
-- user. Statements: BreakdownMapper.daysBreakdowns reads it.
CREATE TABLE play_breakdown_summary (
    day             date     NOT NULL,
    part            smallint NOT NULL CHECK (part BETWEEN 0 AND 2),
    key             integer  NOT NULL,
    play_count      bigint   NOT NULL,
    completed_count bigint   NOT NULL,
    watch_time_sec  bigint   NOT NULL,
    CONSTRAINT play_breakdown_summary_pk PRIMARY KEY (day, part, key)
);
INSERT INTO play_breakdown_summary (day, part, key, play_count, completed_count, watch_time_sec)
SELECT b.day, k.part, k.key, sum(b.play_count), sum(b.completed_count), sum(b.watch_time_sec)
  FROM play_breakdown_daily b
 CROSS JOIN LATERAL (VALUES (0, b.hour::int), (1, b.client_code), (2, b.media_type::int)) AS k(part, key)
 GROUP BY 1, 2, 3;
CREATE FUNCTION analytics_sum_breakdowns() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- the statement's change, row by row: what it added, less what it took away
    added   text := 'SELECT day, hour, client_code, media_type, play_count, completed_count, watch_time_sec FROM new_rows';
    removed text := 'SELECT day, hour, client_code, media_type, -play_count, -completed_count, -watch_time_sec FROM old_rows';
    change  text := CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN removed ELSE added || ' UNION ALL ' || removed END;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE play_breakdown_summary;
        RETURN NULL;
    END IF;
    -- in key order, so that two writers wait for each other's rows in one order, never in a circle
    EXECUTE 'INSERT INTO play_breakdown_summary AS s (day, part, key, play_count, completed_count, watch_time_sec)
             SELECT c.day, k.part, k.key, sum(c.play_count), sum(c.completed_count), sum(c.watch_time_sec)
               FROM (' || change || ') AS c (day, hour, client_code, media_type, play_count, completed_count, watch_time_sec)
              CROSS JOIN LATERAL (VALUES (0, c.hour::int), (1, c.client_code), (2, c.media_type::int)) AS k(part, key)
              GROUP BY 1, 2, 3
              ORDER BY 1, 2, 3
             ON CONFLICT (day, part, key) DO UPDATE SET
                 play_count      = s.play_count + EXCLUDED.play_count,
                 completed_count = s.completed_count + EXCLUDED.completed_count,
                 watch_time_sec  = s.watch_time_sec + EXCLUDED.watch_time_sec';
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM play_breakdown_summary s
         WHERE s.day IN (SELECT day FROM old_rows)
           AND s.play_count = 0 AND s.completed_count = 0 AND s.watch_time_sec = 0;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER play_breakdown_summary_insert AFTER INSERT ON play_breakdown_daily
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_sum_breakdowns();
CREATE TRIGGER play_breakdown_summary_update AFTER UPDATE ON play_breakdown_daily
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_sum_breakdowns();
CREATE TRIGGER play_breakdown_summary_delete AFTER DELETE ON play_breakdown_daily
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_sum_breakdowns();
CREATE TRIGGER play_breakdown_summary_truncate AFTER TRUNCATE ON play_breakdown_daily
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_sum_breakdowns();
--rollback DROP TRIGGER play_breakdown_summary_truncate ON play_breakdown_daily; DROP TRIGGER play_breakdown_summary_delete ON play_breakdown_daily; DROP TRIGGER play_breakdown_summary_update ON play_breakdown_daily; DROP TRIGGER play_breakdown_summary_insert ON play_breakdown_daily; DROP FUNCTION analytics_sum_breakdowns(); DROP TABLE play_breakdown_summary;
