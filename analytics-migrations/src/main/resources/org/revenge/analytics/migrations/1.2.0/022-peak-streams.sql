--liquibase formatted sql

--changeset revenge:1.2.0-022-peak-streams
--comment: Per local day, the most plays going on at the same moment and the first moment there
-- were that many: counted by the daily check (RollupCheckJob) with a sweep over the day's raw
-- plays, for every finished day with raw plays and no row, and kept as long as the daily rollups
-- (retention.daily.aggregates.days). The writer deletes the row of a day its batch changes (a late
-- play), and the import that of the days it adds to, so the next check counts them again. Today's,
-- and a day without a row, are counted from the plays when asked. It names nobody: erasure counts
-- the days of the erased user's plays again without them. Statements: PeakStreamsMapper.xml.
-- Empty here: the first daily check after the upgrade counts the days of the raw plays.
CREATE TABLE peak_streams_daily (
    day          date        NOT NULL,
    peak_streams integer     NOT NULL CHECK (peak_streams >= 0),
    peak_at      timestamptz,
    CONSTRAINT peak_streams_daily_pk PRIMARY KEY (day)
);
--rollback DROP TABLE peak_streams_daily;
