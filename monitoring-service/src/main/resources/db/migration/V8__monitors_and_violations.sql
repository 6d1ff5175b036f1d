-- Per-endpoint monitor settings overriding the service defaults (aifactory.monitoring.*).
-- Null methods: chosen by reference size and feature type.
create table monitors (
    id                    uuid primary key,
    team                  text             not null,
    endpoint              text             not null,
    window_length_seconds int              not null check (window_length_seconds > 0),
    min_samples           int              not null check (min_samples > 0),
    p_value_threshold     double precision not null,
    distance_threshold    double precision not null,
    drift_share_threshold double precision not null,
    threshold_mode        text             not null,
    numeric_method        text,
    categorical_method    text,
    created_at            timestamptz      not null,
    updated_at            timestamptz      not null,
    unique (team, endpoint)
);

-- What went wrong where: drift, quality drops, SLO burn-rate alerts and features missing from
-- captures, one row each, written in the transaction that found them.
create table violations (
    id          uuid primary key,
    team        text        not null,
    endpoint    text        not null,
    model_group text,
    version     int,
    window_id   uuid,
    kind        text        not null check (kind in ('DRIFT', 'QUALITY', 'SLO', 'MISSING_COLUMN')),
    subject     text        not null,
    detail      text        not null,
    count       bigint,
    occurred_at timestamptz not null
);
create index violations_team_time on violations (team, occurred_at desc);
