--liquibase formatted sql

--changeset revenge:1.0.0-002-library-stats-daily
--comment: One snapshot per library and day (in the configured zone); the last scan of a day wins.
CREATE TABLE library_stats_daily (
    library_id       uuid        NOT NULL,
    day              date        NOT NULL,
    scanned_at       timestamptz NOT NULL,
    total_items      bigint      NOT NULL CHECK (total_items >= 0),
    total_size_bytes bigint      NOT NULL CHECK (total_size_bytes >= 0),
    missing_metadata bigint      NOT NULL CHECK (missing_metadata >= 0),
    orphaned_files   bigint      NOT NULL CHECK (orphaned_files >= 0),
    added_items      bigint      NOT NULL CHECK (added_items >= 0),
    CONSTRAINT library_stats_daily_pk PRIMARY KEY (library_id, day)
);
COMMENT ON COLUMN library_stats_daily.added_items IS 'items added by all scans of the day';
--rollback DROP TABLE library_stats_daily;

--changeset revenge:1.0.0-002-user-activity-daily
--comment: Per-user daily rollup of plays, distributed by user_id.
CREATE TABLE user_activity_daily (
    user_id         uuid    NOT NULL,
    day             date    NOT NULL,
    play_count      integer NOT NULL DEFAULT 0,
    completed_count integer NOT NULL DEFAULT 0,
    watch_time_sec  bigint  NOT NULL DEFAULT 0,
    unique_items    integer NOT NULL DEFAULT 0,
    CONSTRAINT user_activity_daily_pk PRIMARY KEY (user_id, day)
);
COMMENT ON COLUMN user_activity_daily.unique_items IS 'distinct items of that day only: never summed across days';
--rollback DROP TABLE user_activity_daily;

--changeset revenge:1.0.0-002-media-stats-daily
--comment: Per-media daily rollup that the rankings read, distributed by library_id.
CREATE TABLE media_stats_daily (
    library_id     uuid     NOT NULL,
    day            date     NOT NULL,
    media_id       uuid     NOT NULL,
    watch_time_sec bigint   NOT NULL DEFAULT 0,
    play_count     integer  NOT NULL DEFAULT 0,
    completed_count integer NOT NULL DEFAULT 0,
    distinct_users integer  NOT NULL DEFAULT 0,
    media_type     smallint NOT NULL CHECK (media_type BETWEEN 1 AND 5),
    CONSTRAINT media_stats_daily_pk PRIMARY KEY (library_id, day, media_id)
);
--rollback DROP TABLE media_stats_daily;
