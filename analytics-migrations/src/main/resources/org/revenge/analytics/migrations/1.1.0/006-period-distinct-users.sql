--liquibase formatted sql

--changeset revenge:1.1.0-006-period-distinct-users
--comment: Each ranking period's distinct users of each item: the users whose last play of it is on
-- or after the period's first day (media_user_recency), counted when the period is summed or moved
-- on and kept up by the writer as users come back to an item. A ranking then reads its items'
-- distinct users from its own rows instead of counting a popular item's thousands of users on
-- every call. The periods are summed again, users included, by the next ranking-period job.
ALTER TABLE media_stats_period ADD COLUMN distinct_users integer NOT NULL DEFAULT 0;
DELETE FROM media_stats_period_state;
--rollback ALTER TABLE media_stats_period DROP COLUMN distinct_users;
