--liquibase formatted sql

--changeset revenge:1.2.0-029-active-users-count
--comment: The active users (AnalyticsService.getActiveUsers) of the console's two windows, the last
-- hour and the last day, counted ahead by the active users job (analytics.active_users,
-- ActiveUsersJob) every 5 minutes, which replaces every row at once. A count made at counted_at
-- holds, per user, the plays that started in [core_from, counted_at): the window's middle. A reader
-- at most 15 minutes later (core_from is counted_at less the window plus those 15 minutes) adds the
-- raw plays at the window's two ends, so the window is exact. Open plays and sessions are read at
-- the call. The job replaces both tables' rows in one transaction. Erasure deletes the user's rows.
-- Rows are replaced at every count, so they need no retention. Statements: PlaybackMapper.xml
-- (activeUsers, countActiveUsers, clearActiveUsers).
CREATE TABLE active_users_count (
    window_sec bigint      NOT NULL CHECK (window_sec > 0),
    core_from  timestamptz NOT NULL,
    counted_at timestamptz NOT NULL CHECK (counted_at > core_from),
    CONSTRAINT active_users_count_pk PRIMARY KEY (window_sec)
);
CREATE TABLE active_users_counted (
    window_sec     bigint      NOT NULL,
    user_id        uuid        NOT NULL,
    last_played_at timestamptz NOT NULL,
    plays          bigint      NOT NULL CHECK (plays > 0),
    watch_time_sec bigint      NOT NULL CHECK (watch_time_sec >= 0),
    CONSTRAINT active_users_counted_pk PRIMARY KEY (window_sec, user_id)
);
--rollback DROP TABLE active_users_counted; DROP TABLE active_users_count;
