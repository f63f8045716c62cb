--liquibase formatted sql

--changeset revenge:1.2.0-012-ingest-quarantine
--comment: Records the ingest writer could not store and will not retry on its own (the database
-- refused them, or the code threw on them): each with its kind (play, scan, session, ...), its
-- content as the record held it (ids, times and figures only: never a user name, address or
-- path), why, and when. Admins list, re-drive or discard them (AnalyticsAdmin).
CREATE TABLE ingest_quarantine (
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    kind            text        NOT NULL,
    content         jsonb       NOT NULL,
    reason          text        NOT NULL,
    quarantined_at  timestamptz NOT NULL,
    CONSTRAINT ingest_quarantine_pk PRIMARY KEY (id)
);
--rollback DROP TABLE ingest_quarantine;
