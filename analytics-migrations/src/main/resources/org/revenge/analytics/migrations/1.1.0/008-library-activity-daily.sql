--liquibase formatted sql

--changeset revenge:1.1.0-008-library-activity-daily
--comment: Per-library daily rollup of plays (days in the configured zone), kept exact by the writer
-- like media_stats_daily: the plays-by-day series and library totals read a row per library and day.
CREATE TABLE library_activity_daily (
    library_id      uuid    NOT NULL,
    day             date    NOT NULL,
    watch_time_sec  bigint  NOT NULL DEFAULT 0,
    play_count      integer NOT NULL DEFAULT 0,
    completed_count integer NOT NULL DEFAULT 0,
    CONSTRAINT library_activity_daily_pk PRIMARY KEY (day, library_id)
);
INSERT INTO library_activity_daily (library_id, day, watch_time_sec, play_count, completed_count)
SELECT library_id, day, sum(watch_time_sec), sum(play_count), sum(completed_count)
  FROM media_stats_daily
 GROUP BY library_id, day;
--rollback DROP TABLE library_activity_daily;
