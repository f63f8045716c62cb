--liquibase formatted sql

--changeset revenge:1.2.0-031-active-users-margins
--comment: The active users job (changeset 029) counts each window's middle twice: without its first 6
-- minutes and without its first 15 (margin_sec 360 and 900). A reader takes the fresh count whose
-- middle starts the earliest within its window: the 6 minutes' while that count is at most 6 minutes
-- old, which is while the job keeps its 5 minutes, so the raw plays it reads at the window's start
-- are those of 6 minutes at most instead of 15; the 15 minutes' while the job runs late. Both are
-- replaced together at every run. Statements: PlaybackMapper.xml (activeUsers, countActiveUsers).
ALTER TABLE active_users_count ADD COLUMN margin_sec integer NOT NULL DEFAULT 900 CHECK (margin_sec > 0);
ALTER TABLE active_users_count ALTER COLUMN margin_sec DROP DEFAULT;
ALTER TABLE active_users_count DROP CONSTRAINT active_users_count_pk;
ALTER TABLE active_users_count ADD CONSTRAINT active_users_count_pk PRIMARY KEY (window_sec, margin_sec);
ALTER TABLE active_users_counted ADD COLUMN margin_sec integer NOT NULL DEFAULT 900;
ALTER TABLE active_users_counted ALTER COLUMN margin_sec DROP DEFAULT;
ALTER TABLE active_users_counted DROP CONSTRAINT active_users_counted_pk;
ALTER TABLE active_users_counted ADD CONSTRAINT active_users_counted_pk PRIMARY KEY (window_sec, margin_sec, user_id);
--rollback DELETE FROM active_users_counted WHERE margin_sec <> 900; DELETE FROM active_users_count WHERE margin_sec <> 900;
--rollback ALTER TABLE active_users_counted DROP CONSTRAINT active_users_counted_pk; ALTER TABLE active_users_counted DROP COLUMN margin_sec; ALTER TABLE active_users_counted ADD CONSTRAINT active_users_counted_pk PRIMARY KEY (window_sec, user_id);
--rollback ALTER TABLE active_users_count DROP CONSTRAINT active_users_count_pk; ALTER TABLE active_users_count DROP COLUMN margin_sec; ALTER TABLE active_users_count ADD CONSTRAINT active_users_count_pk PRIMARY KEY (window_sec);
