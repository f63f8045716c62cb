--liquibase formatted sql

--changeset revenge:1.2.0-028-user-activity-hourly
--comment: Per UTC hour and user, the user's raw plays started in that hour: plays, watch time and the
-- latest start. The users active over the last day are then about 24 hours of these rows and at most
-- an hour of raw plays at the window's two edges, instead of every raw play of the day. It follows
-- the raw plays, as user_item_daily does: the writer adds to it in its statement (plays it stores
-- raw), the daily check rewrites the hours of a day whose user rows differed, erasure deletes the
-- user's rows, and the raw retention deletes the hours of the partitions it drops (both are UTC).
-- Filled here from the stored plays. Statements: UserHourMapper.xml.
CREATE TABLE user_activity_hourly (
    hour           timestamptz NOT NULL,
    user_id        uuid        NOT NULL,
    play_count     integer     NOT NULL,
    watch_time_sec bigint      NOT NULL,
    last_played_at timestamptz NOT NULL,
    CONSTRAINT user_activity_hourly_pk PRIMARY KEY (hour, user_id)
);
INSERT INTO user_activity_hourly (hour, user_id, play_count, watch_time_sec, last_played_at)
SELECT date_trunc('hour', started_at, 'UTC'), user_id, count(*), coalesce(sum(duration_sec), 0), max(started_at)
  FROM playback_events
 GROUP BY 1, 2
 ORDER BY 1, 2;
--rollback DROP TABLE user_activity_hourly;

