--liquibase formatted sql

--changeset revenge:1.2.0-017-media-stats-yearly
--comment: Per item and local year, the sums of its media_stats_daily rows of that year (plays,
-- completed plays, watch time, latest start, media type), so the server's year in review ranks each
-- library's items and counts the year's items in a few index ranges instead of summing every daily
-- row of the year. It holds no user. It equals the sums of the daily rows at all times: the writer
-- adds to both in one statement, the daily check carries the difference it finds, erasure counts
-- the erased user's items again from the lowered daily rows, and retention takes away the daily
-- rows it deletes. Filled here from the daily rows already stored. Statements: MediaYearMapper.xml.
CREATE TABLE media_stats_yearly (
    year            smallint    NOT NULL,
    library_id      uuid        NOT NULL,
    media_id        uuid        NOT NULL,
    watch_time_sec  bigint      NOT NULL DEFAULT 0,
    last_played_at  timestamptz NOT NULL,
    play_count      integer     NOT NULL DEFAULT 0,
    completed_count integer     NOT NULL DEFAULT 0,
    media_type      smallint    NOT NULL CHECK (media_type BETWEEN 1 AND 5),
    CONSTRAINT media_stats_yearly_pk PRIMARY KEY (year, library_id, media_id)
);
-- each library's most played items of a year, and the year's items counted, from this index alone
CREATE INDEX media_stats_yearly_plays ON media_stats_yearly (year, library_id, play_count DESC, watch_time_sec DESC, media_id);
INSERT INTO media_stats_yearly (year, library_id, media_id, watch_time_sec, last_played_at, play_count, completed_count, media_type)
SELECT extract(year FROM day)::smallint, library_id, media_id, sum(watch_time_sec), max(last_played_at), sum(play_count),
       sum(completed_count), min(media_type)
  FROM media_stats_daily
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3;
--rollback DROP TABLE media_stats_yearly;
