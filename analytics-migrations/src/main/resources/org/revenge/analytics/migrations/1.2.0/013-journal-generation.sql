--liquibase formatted sql

--changeset revenge:1.2.0-013-journal-generation
--comment: The journal generation the checkpoint's sequence belongs to. Every open of a node's journal
-- numbers its records afresh under a new generation (a UUID), so a journal that went back in time (a
-- tail lost in a power loss, a data directory restored from a copy) cannot make newer records look
-- already written: only records of this very generation, at or below the sequence, are skipped.
-- Null for checkpoints written before 1.2.0, which match a journal written before generations existed.
ALTER TABLE ingest_checkpoint ADD COLUMN generation uuid;
--rollback ALTER TABLE ingest_checkpoint DROP COLUMN generation;
