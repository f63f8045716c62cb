--liquibase formatted sql

--changeset revenge:1.2.0-019-user-item-daily
--comment: Per user, item and local day, the user's raw plays of the item that day: plays,
-- completed plays, watch time, latest start, and the library and media type of that latest play.
-- A user's recently watched items (each with its figures over every stored play) are then the
-- newest rows of the user (index by last play) and the item's rows (the key), instead of every
-- raw play of the user. It follows the raw plays, not the rollups' retention: the writer adds to
-- it in its statement (plays it stores raw), the daily check rewrites a day whose user rows
-- differed, erasure deletes the user's rows, and the raw retention takes the plays of the
-- partitions it drops out of it. Filled here from the stored plays, in the zone the plugin sets in
-- analytics.zone for the migration (UTC without it). Statements: UserItemMapper.xml.
CREATE TABLE user_item_daily (
    user_id         uuid        NOT NULL,
    media_id        uuid        NOT NULL,
    day             date        NOT NULL,
    library_id      uuid        NOT NULL,
    media_type      smallint    NOT NULL CHECK (media_type BETWEEN 1 AND 5),
    play_count      integer     NOT NULL DEFAULT 0,
    completed_count integer     NOT NULL DEFAULT 0,
    watch_time_sec  bigint      NOT NULL DEFAULT 0,
    last_played_at  timestamptz NOT NULL,
    CONSTRAINT user_item_daily_pk PRIMARY KEY (user_id, media_id, day)
);
-- a user's latest plays first, one row per item and day
CREATE INDEX user_item_daily_latest ON user_item_daily (user_id, last_played_at DESC) INCLUDE (media_id);
INSERT INTO user_item_daily (user_id, media_id, day, library_id, media_type, play_count, completed_count, watch_time_sec,
                             last_played_at)
SELECT user_id, media_id, local_start::date, (array_agg(library_id ORDER BY started_at DESC))[1],
       (array_agg(media_type ORDER BY started_at DESC))[1], count(*), count(*) FILTER (WHERE completed),
       coalesce(sum(duration_sec), 0), max(started_at)
  FROM (SELECT started_at AT TIME ZONE coalesce(nullif(current_setting('analytics.zone', true), ''), 'UTC') AS local_start,
               started_at, user_id, media_id, library_id, media_type, completed, duration_sec
          FROM playback_events) p
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3;
--rollback DROP TABLE user_item_daily;
