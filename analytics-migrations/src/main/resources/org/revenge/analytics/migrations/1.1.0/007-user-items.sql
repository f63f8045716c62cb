--liquibase formatted sql

--changeset revenge:1.1.0-007-user-items
--comment: A user's items by the last day they played them: a user's distinct items over any window
-- ending today are one index range (the per-user statistics), never a sum of days.
CREATE INDEX media_user_recency_user ON media_user_recency (user_id, last_day);
--rollback DROP INDEX media_user_recency_user;
