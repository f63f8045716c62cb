--liquibase formatted sql

--changeset revenge:1.2.0-021-play-method
--comment: How the host delivered each play (the optional play.method property of a playback's
-- STARTED event): 0 unknown (the host said nothing, an import, a play of an older release),
-- 1 direct play, 2 direct stream, 3 transcode. A code of one byte: in playback_events a "char"
-- after the boolean completed takes no padding, so the row stays the size it was; the event parser
-- and AnalyticsService.recordPlayback let only these four codes through, so no CHECK scans the
-- plays here. A play keeps the method it was first stored with, as it keeps its client.
-- play_method_daily is the writer-kept rollup of the share of direct play and transcoding: plays and
-- watch time per local day and play method, a few rows a day. It is kept like play_breakdown_daily
-- (the writer adds, the daily check repairs, erasure subtracts, retention.daily.aggregates.days
-- expires); statements in PlayMethodMapper.xml. Every play stored so far has no known method, so
-- its rows are the daily breakdown's totals under code 0, which also covers the days whose raw
-- plays have expired.
ALTER TABLE playback_events ADD COLUMN play_method "char" NOT NULL DEFAULT 0::"char";
COMMENT ON COLUMN playback_events.play_method IS '0 unknown, 1 direct-play, 2 direct-stream, 3 transcode (read as play_method::int)';
ALTER TABLE playback_sessions ADD COLUMN play_method smallint NOT NULL DEFAULT 0;
CREATE TABLE play_method_daily (
    day            date     NOT NULL,
    play_method    smallint NOT NULL CHECK (play_method BETWEEN 0 AND 3),
    play_count     integer  NOT NULL DEFAULT 0,
    watch_time_sec bigint   NOT NULL DEFAULT 0,
    CONSTRAINT play_method_daily_pk PRIMARY KEY (day, play_method)
);
INSERT INTO play_method_daily (day, play_method, play_count, watch_time_sec)
SELECT day, 0, sum(play_count), sum(watch_time_sec)
  FROM play_breakdown_daily
 GROUP BY day
HAVING sum(play_count) > 0;
--rollback DROP TABLE play_method_daily; ALTER TABLE playback_sessions DROP COLUMN play_method; ALTER TABLE playback_events DROP COLUMN play_method;
