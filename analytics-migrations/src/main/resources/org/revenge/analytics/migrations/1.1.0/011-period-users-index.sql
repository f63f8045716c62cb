--liquibase formatted sql

--changeset revenge:1.1.0-011-period-users-index
--comment: The ranking periods in order of distinct users, for the most popular items: a period that
-- starts where the asked window starts holds each item's distinct users exactly (the writer adds
-- every user new to the item within it), so the leaders are read off this index.
CREATE INDEX media_stats_period_users ON media_stats_period (library_id, span_days, distinct_users DESC);
--rollback DROP INDEX media_stats_period_users;
