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
--comment: Per-user daily rollup of plays, distributed by user_id; kept exact by the writer like
-- media_stats_daily.
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
--comment: Per-media daily rollup (days in the configured zone), distributed by library_id. The
-- writer keeps it exact as plays arrive, in the same transaction (the live day included); the
-- daily aggregation job checks each finished day against the raw plays.
CREATE TABLE media_stats_daily (
    library_id      uuid        NOT NULL,
    day             date        NOT NULL,
    media_id        uuid        NOT NULL,
    watch_time_sec  bigint      NOT NULL DEFAULT 0,
    last_played_at  timestamptz NOT NULL,
    play_count      integer     NOT NULL DEFAULT 0,
    completed_count integer     NOT NULL DEFAULT 0,
    media_type      smallint    NOT NULL CHECK (media_type BETWEEN 1 AND 5),
    CONSTRAINT media_stats_daily_pk PRIMARY KEY (library_id, media_id, day)
);
-- The most played item of a library's day in one index probe: a ranking's bound on what the days
-- after its period can add.
CREATE INDEX media_stats_daily_plays ON media_stats_daily (day, library_id, play_count DESC);
--rollback DROP TABLE media_stats_daily;

--changeset revenge:1.0.0-002-media-stats-period
--comment: Per-media sums over the span_days days ending at as_of, for the usual ranking periods
-- (span_days 0: every stored day up to as_of), so a ranking reads one index range instead of
-- summing a month of daily rows. The writer adds new plays to every period whose days hold them.
CREATE TABLE media_stats_period (
    library_id      uuid        NOT NULL,
    span_days       smallint    NOT NULL,
    media_id        uuid        NOT NULL,
    watch_time_sec  bigint      NOT NULL,
    last_played_at  timestamptz NOT NULL,
    play_count      integer     NOT NULL,
    completed_count integer     NOT NULL,
    media_type      smallint    NOT NULL,
    CONSTRAINT media_stats_period_pk PRIMARY KEY (library_id, span_days, media_id)
);
CREATE INDEX media_stats_period_plays ON media_stats_period
    (library_id, span_days, play_count DESC, watch_time_sec DESC, media_id);
--rollback DROP TABLE media_stats_period;

--changeset revenge:1.0.0-002-media-stats-period-state
--comment: Which day each period of media_stats_period ends on.
CREATE TABLE media_stats_period_state (
    span_days smallint    NOT NULL,
    as_of     date        NOT NULL,
    built_at  timestamptz NOT NULL,
    CONSTRAINT media_stats_period_state_pk PRIMARY KEY (span_days)
);
--rollback DROP TABLE media_stats_period_state;

--changeset revenge:1.0.0-002-media-user-recency
--comment: The last day (configured zone) each user played each item. Every ranking window ends
-- today, so the distinct users of an item over the last n days are the rows with
-- last_day >= today - n + 1: exact, and never summed across days.
CREATE TABLE media_user_recency (
    library_id uuid NOT NULL,
    media_id   uuid NOT NULL,
    user_id    uuid NOT NULL,
    last_day   date NOT NULL,
    -- last_day rides in the key's leaf entries: an item's distinct users of a window are counted
    -- from the key alone, without visiting the table
    CONSTRAINT media_user_recency_pk PRIMARY KEY (library_id, media_id, user_id) INCLUDE (last_day)
);
-- the pairs of a library active since a day, with their item: "most popular" reads only this index
CREATE INDEX media_user_recency_day ON media_user_recency (library_id, last_day) INCLUDE (media_id);
--rollback DROP TABLE media_user_recency;

--changeset revenge:1.0.0-002-user-recency
--comment: Every user with a stored play, and the last day they played.
CREATE TABLE user_recency (
    user_id  uuid NOT NULL,
    last_day date NOT NULL,
    CONSTRAINT user_recency_pk PRIMARY KEY (user_id)
);
--rollback DROP TABLE user_recency;
