--liquibase formatted sql

--changeset revenge:1.2.0-025-user-days-by-day
--comment: The daily check (RollupMapper.reconcileUsersAndClients) reads one day's rows of
-- user_activity_daily, whose key leads with the user: without this index it read every user's every
-- day (about 180,000 rows for 2,000 users over 90 days, 15 ms) to find one day's 2,000. Retention's
-- delete of the days before a cut-off uses it too.
CREATE INDEX user_activity_daily_day ON user_activity_daily (day);
--rollback DROP INDEX user_activity_daily_day;
