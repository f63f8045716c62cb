--liquibase formatted sql

--changeset revenge:1.0.0-003-system-metrics-hourly
--comment: Gauges sampled every minute, kept per hour as min, average and max.
CREATE TABLE system_metrics_hourly (
    metric    varchar(100)     NOT NULL,
    hour      timestamptz      NOT NULL,
    samples   integer          NOT NULL,
    min_value double precision NOT NULL,
    avg_value double precision NOT NULL,
    max_value double precision NOT NULL,
    CONSTRAINT system_metrics_hourly_pk PRIMARY KEY (metric, hour)
);
--rollback DROP TABLE system_metrics_hourly;

--changeset revenge:1.0.0-003-analytics-job
--comment: Scheduled job runs. (kind, run_key) is unique, so a day is aggregated once however many
-- nodes share the database; workers claim due rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE analytics_job (
    kind         varchar(64)  NOT NULL,
    run_key      varchar(64)  NOT NULL,
    state        varchar(16)  NOT NULL DEFAULT 'available'
                 CHECK (state IN ('available', 'running', 'completed', 'retryable', 'failed')),
    attempt      integer      NOT NULL DEFAULT 0,
    max_attempts integer      NOT NULL DEFAULT 5,
    scheduled_at timestamptz  NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    locked_by    varchar(100),
    locked_until timestamptz,
    rows_changed bigint,
    outcome      text,
    last_error   text,
    CONSTRAINT analytics_job_pk PRIMARY KEY (kind, run_key)
);
CREATE INDEX analytics_job_due ON analytics_job (scheduled_at) WHERE state IN ('available', 'retryable');
--rollback DROP TABLE analytics_job;
