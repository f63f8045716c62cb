--liquibase formatted sql

--changeset revenge:1.2.0-020-server-years
--comment: The server's year in review without scanning a year of rows: per local year, how many
-- items were played (the year's media_stats_yearly rows with plays) and the latest start among
-- them (server_years), and per local year and hour of day the plays (server_year_hours, the sums of
-- the year's play_breakdown_daily rows). They hold no user. They equal what they are counted from at
-- all times: the writer adds to them in its one statement (the items it makes played in a year,
-- each batch's plays per hour), and whatever else changes their sources under the writers' lock
-- (the daily check where it repaired a day, erasure, retention, the import) counts the years it
-- touched again. Filled here from the rows already stored. Statements: ServerYearMapper.xml.
CREATE TABLE server_years (
    year           smallint    NOT NULL,
    item_count     integer     NOT NULL DEFAULT 0,
    last_played_at timestamptz,
    CONSTRAINT server_years_pk PRIMARY KEY (year)
);
CREATE TABLE server_year_hours (
    year       smallint NOT NULL,
    hour       smallint NOT NULL,
    play_count bigint   NOT NULL DEFAULT 0,
    CONSTRAINT server_year_hours_pk PRIMARY KEY (year, hour)
);
INSERT INTO server_years (year, item_count, last_played_at)
SELECT year, count(*) FILTER (WHERE play_count > 0), max(last_played_at) FILTER (WHERE play_count > 0)
  FROM media_stats_yearly
 GROUP BY year
HAVING count(*) FILTER (WHERE play_count > 0) > 0;
INSERT INTO server_year_hours (year, hour, play_count)
SELECT extract(year FROM day)::smallint, hour, sum(play_count)
  FROM play_breakdown_daily
 GROUP BY 1, 2
HAVING sum(play_count) > 0;
--rollback DROP TABLE server_year_hours; DROP TABLE server_years;
