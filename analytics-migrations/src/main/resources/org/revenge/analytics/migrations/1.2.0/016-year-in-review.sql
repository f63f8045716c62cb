--liquibase formatted sql

--changeset revenge:1.2.0-016-year-in-review
--comment: "Keep my year": the users who chose to keep a summary of their years beyond the raw plays'
-- retention, and that summary: per user and year a header, and rows per active day, per hour of day
-- and per item played (days and hours in the configured zone). It is kept only for those users,
-- holds nothing the raw plays did not, and is erased with the user. through_day is how far the
-- summary has counted: the daily aggregation adds the raw plays of the days after it, set-based,
-- and moves it on in the same transaction, so a day is counted once; a read adds the plays after it
-- from the raw plays. An import builds the same rows set-based: group the imported plays of a kept
-- user by local day, hour and item, add them, and set through_day to the last day imported. The
-- server's own year in review needs no table: it reads the daily rollups, which hold no user.
CREATE TABLE user_year_keep (
    user_id     uuid        NOT NULL,
    kept_since  timestamptz NOT NULL,
    CONSTRAINT user_year_keep_pk PRIMARY KEY (user_id)
);
CREATE TABLE user_year_summary (
    user_id        uuid        NOT NULL,
    year           smallint    NOT NULL,
    through_day    date        NOT NULL,
    first_play_at  timestamptz,
    last_play_at   timestamptz,
    CONSTRAINT user_year_summary_pk PRIMARY KEY (user_id, year)
);
CREATE TABLE user_year_days (
    user_id          uuid    NOT NULL,
    day              date    NOT NULL,
    play_count       integer NOT NULL,
    completed_count  integer NOT NULL,
    watch_time_sec   bigint  NOT NULL,
    CONSTRAINT user_year_days_pk PRIMARY KEY (user_id, day)
);
CREATE TABLE user_year_hours (
    user_id     uuid     NOT NULL,
    year        smallint NOT NULL,
    hour        smallint NOT NULL,
    play_count  integer  NOT NULL,
    CONSTRAINT user_year_hours_pk PRIMARY KEY (user_id, year, hour)
);
CREATE TABLE user_year_items (
    user_id          uuid        NOT NULL,
    year             smallint    NOT NULL,
    media_id         uuid        NOT NULL,
    library_id       uuid        NOT NULL,
    media_type       smallint    NOT NULL,
    play_count       integer     NOT NULL,
    completed_count  integer     NOT NULL,
    watch_time_sec   bigint      NOT NULL,
    last_play_at     timestamptz NOT NULL,
    CONSTRAINT user_year_items_pk PRIMARY KEY (user_id, year, media_id)
);
--rollback DROP TABLE user_year_items; DROP TABLE user_year_hours; DROP TABLE user_year_days; DROP TABLE user_year_summary; DROP TABLE user_year_keep;
