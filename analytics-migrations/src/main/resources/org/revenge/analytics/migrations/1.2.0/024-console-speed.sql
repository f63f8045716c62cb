--liquibase formatted sql

--changeset revenge:1.2.0-024-trending-items
--comment: Each library's trending items (AnalyticsService.getTrending) as counted from the raw
-- plays at one moment, best first, with their figures over the last 24 hours; and that moment.
-- Counted again by the trending job (analytics.trending, TrendingJob) every 5 minutes, which
-- replaces every row at once. No user: distinct users are a count. Erasure deletes the count (it
-- is counted from the plays until the next run), retention deletes a count older than the raw
-- plays kept. Statements: store/rollup/TrendingItems.xml. Filled here as of the upgrade (with no
-- plays, no count: the service counts from the plays until the job's first run).
CREATE TABLE trending_items (
    library_id      uuid        NOT NULL,
    rank            integer     NOT NULL CHECK (rank >= 1),
    media_id        uuid        NOT NULL,
    media_type      smallint    NOT NULL,
    plays           bigint      NOT NULL,
    completed_plays bigint      NOT NULL,
    watch_time_sec  bigint      NOT NULL,
    distinct_users  bigint      NOT NULL,
    last_played_at  timestamptz NOT NULL,
    CONSTRAINT trending_items_pk PRIMARY KEY (library_id, rank)
);
CREATE TABLE trending_count (
    only_row    boolean     NOT NULL DEFAULT true CHECK (only_row),
    recent_from timestamptz NOT NULL,
    counted_at  timestamptz NOT NULL,
    CONSTRAINT trending_count_pk PRIMARY KEY (only_row)
);
WITH counted AS (
    SELECT library_id, media_id,
           count(*) FILTER (WHERE started_at >= now() - interval '1 day') AS recent,
           count(*) FILTER (WHERE started_at < now() - interval '1 day') / 7::float8 AS baseline
      FROM playback_events
     WHERE started_at >= now() - interval '8 days' AND started_at < now()
     GROUP BY library_id, media_id),
ranked AS (
    SELECT library_id, media_id, rank
      FROM (SELECT library_id, media_id,
                   row_number() OVER (PARTITION BY library_id
                                      ORDER BY (recent - baseline) / sqrt(baseline + 1) DESC, recent DESC, media_id) AS rank
              FROM counted
             WHERE recent > 0 AND (recent - baseline) / sqrt(baseline + 1) > 0) r
     WHERE rank <= 1000),
items AS (
    INSERT INTO trending_items (library_id, rank, media_id, media_type, plays, completed_plays, watch_time_sec, distinct_users,
                                last_played_at)
    SELECT r.library_id, r.rank, r.media_id, min(p.media_type), count(*), count(*) FILTER (WHERE p.completed),
           coalesce(sum(p.duration_sec), 0), count(DISTINCT p.user_id), max(p.started_at)
      FROM ranked r
      JOIN playback_events p ON p.library_id = r.library_id AND p.media_id = r.media_id
     WHERE p.started_at >= now() - interval '1 day' AND p.started_at < now()
     GROUP BY r.library_id, r.rank, r.media_id)
INSERT INTO trending_count (recent_from, counted_at) SELECT now() - interval '1 day', now() WHERE EXISTS (SELECT 1 FROM playback_events);
--rollback DROP TABLE trending_count; DROP TABLE trending_items;
