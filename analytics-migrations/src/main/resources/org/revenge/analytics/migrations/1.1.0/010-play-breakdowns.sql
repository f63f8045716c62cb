--liquibase formatted sql

--changeset revenge:1.1.0-010-play-breakdowns
--comment: Writer-kept totals of plays per local day, local hour, client type and media type, and the
-- last day each user played on each client type: the weekday-by-hour heat map, the client types and
-- the completion rates of the dashboards read a few hundred rows a day instead of the day's plays,
-- and a client type's distinct users over a window ending today are those whose last day on it is
-- in the window. The
-- days and hours are in the zone the plugin sets in analytics.zone for the migration (UTC without
-- it); the daily check repairs a day whose zone has changed, as it does for the other rollups.
CREATE TABLE play_breakdown_daily (
    day             date     NOT NULL,
    hour            smallint NOT NULL,
    client_code     integer  NOT NULL,
    media_type      smallint NOT NULL,
    play_count      integer  NOT NULL DEFAULT 0,
    completed_count integer  NOT NULL DEFAULT 0,
    watch_time_sec  bigint   NOT NULL DEFAULT 0,
    CONSTRAINT play_breakdown_daily_pk PRIMARY KEY (day, hour, client_code, media_type)
);
CREATE TABLE user_client_recency (
    client_code integer NOT NULL,
    user_id     uuid    NOT NULL,
    last_day    date    NOT NULL,
    CONSTRAINT user_client_recency_pk PRIMARY KEY (client_code, user_id)
);
CREATE INDEX user_client_recency_user ON user_client_recency (user_id);
INSERT INTO play_breakdown_daily (day, hour, client_code, media_type, play_count, completed_count, watch_time_sec)
SELECT local_start::date, extract(hour FROM local_start), client_code, media_type,
       count(*), count(*) FILTER (WHERE completed), sum(duration_sec)
  FROM (SELECT started_at AT TIME ZONE coalesce(nullif(current_setting('analytics.zone', true), ''), 'UTC') AS local_start,
               client_code, media_type, completed, duration_sec
          FROM playback_events) p
 GROUP BY 1, 2, 3, 4;
INSERT INTO user_client_recency (client_code, user_id, last_day)
SELECT client_code, user_id,
       max((started_at AT TIME ZONE coalesce(nullif(current_setting('analytics.zone', true), ''), 'UTC'))::date)
  FROM playback_events
 GROUP BY client_code, user_id;
--rollback DROP TABLE user_client_recency; DROP TABLE play_breakdown_daily;
