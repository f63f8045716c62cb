--liquibase formatted sql

--changeset revenge:1.1.0-009-user-opt-out
--comment: Users who opted out of recording (AnalyticsAdmin.setOptedOut): nothing more is stored
-- for them while their row is here. The row is the user's own request, so erasing the user keeps
-- it (else an erased user would be recorded again); opting back in deletes it.
CREATE TABLE user_opt_out (
    user_id       uuid        NOT NULL,
    opted_out_at  timestamptz NOT NULL,
    CONSTRAINT user_opt_out_pk PRIMARY KEY (user_id)
);
--rollback DROP TABLE user_opt_out;
