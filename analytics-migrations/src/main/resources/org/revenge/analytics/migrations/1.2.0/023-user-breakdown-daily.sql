--liquibase formatted sql

--changeset revenge:1.2.0-023-user-breakdown-daily
--comment: A user's plays, completed plays and watch time on a local day, broken down three ways:
-- by local hour of day (part 0, key the hour 0 to 23), by media type (part 1, key the type 1 to 5)
-- and by client type (part 2, key the client_code of client_types). What a user's page shows by
-- weekday and hour, by completion and by client then sums at most 35 rows a day of the user instead
-- of reading every raw play of the window; the three parts apart, because their cross product would
-- be about as many rows as plays. It names no item, device or address. Kept like
-- user_activity_daily (the writer adds in its statement, the daily check repairs a day, erasure
-- deletes the user's rows, retention.user.activity.days expires them); statements in
-- store/rollup/UserBreakdownDaily.xml. Filled here from the stored plays, in the zone the plugin
-- sets in analytics.zone for the migration (UTC without it).
CREATE TABLE user_breakdown_daily (
    user_id         uuid     NOT NULL,
    day             date     NOT NULL,
    part            smallint NOT NULL CHECK (part BETWEEN 0 AND 2),
    key             integer  NOT NULL,
    play_count      integer  NOT NULL DEFAULT 0,
    completed_count integer  NOT NULL DEFAULT 0,
    watch_time_sec  bigint   NOT NULL DEFAULT 0,
    CONSTRAINT user_breakdown_daily_pk PRIMARY KEY (user_id, day, part, key)
);
CREATE INDEX user_breakdown_daily_day ON user_breakdown_daily (day);
INSERT INTO user_breakdown_daily (user_id, day, part, key, play_count, completed_count, watch_time_sec)
SELECT user_id, day, CASE WHEN GROUPING(hour) = 0 THEN 0 WHEN GROUPING(media_type) = 0 THEN 1 ELSE 2 END,
       coalesce(hour, media_type, client_code), count(*), count(*) FILTER (WHERE completed), coalesce(sum(duration_sec), 0)
  FROM (SELECT user_id, local_start::date AS day, extract(hour FROM local_start)::int AS hour, media_type::int AS media_type,
               client_code, completed, duration_sec
          FROM (SELECT started_at AT TIME ZONE coalesce(nullif(current_setting('analytics.zone', true), ''), 'UTC') AS local_start,
                       user_id, media_type, client_code, completed, duration_sec
                  FROM playback_events) z) p
 GROUP BY GROUPING SETS ((user_id, day, hour), (user_id, day, media_type), (user_id, day, client_code))
 ORDER BY 1, 2, 3, 4;
--rollback DROP TABLE user_breakdown_daily;
