--liquibase formatted sql

--changeset revenge:1.2.0-015-import-run-running
--comment: An import is listed from the moment it holds the imports' lock ('running', committed
-- beside its own transaction), so one stopped by a kill, a crash or a lost connection stays on the
-- list: whoever next finds no import holding the lock marks it 'failed', interrupted. Its plays and
-- rollups were never committed: only the list says it ran.
ALTER TABLE import_run DROP CONSTRAINT import_run_state_check;
ALTER TABLE import_run ADD CONSTRAINT import_run_state_check
    CHECK (state IN ('running', 'completed', 'failed', 'dry-run'));
--rollback UPDATE import_run SET state = 'failed' WHERE state = 'running';
--rollback ALTER TABLE import_run DROP CONSTRAINT import_run_state_check;
--rollback ALTER TABLE import_run ADD CONSTRAINT import_run_state_check CHECK (state IN ('completed', 'failed', 'dry-run'));
