--liquibase formatted sql

--changeset revenge:1.2.0-026-peak-streams-recent
--comment: The peak of concurrent plays (AnalyticsService.getPeakStreamsByDay) of the days still
-- being written, which peak_streams_daily does not hold (the writer drops the row of every day its
-- batch changes, and the daily check stores a day once it has ended): today, and yesterday until the
-- check. Counted from the raw plays by the peak streams job (analytics.peak_streams, PeakStreamsJob)
-- every 5 minutes, which replaces every row at once; read while at most 15 minutes old, so the
-- console does not sweep today's plays at every page. No user: a peak counts plays. Erasure deletes
-- the rows (the days are swept at the call until the next run). Statements: PeakStreamsMapper.xml.
CREATE TABLE peak_streams_recent (
    day          date        NOT NULL,
    peak_streams integer     NOT NULL CHECK (peak_streams >= 0),
    peak_at      timestamptz,
    counted_at   timestamptz NOT NULL,
    CONSTRAINT peak_streams_recent_pk PRIMARY KEY (day)
);
--rollback DROP TABLE peak_streams_recent;
