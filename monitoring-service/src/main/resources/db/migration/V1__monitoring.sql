-- Baselines of registered model versions (from model.version-registered).
create table baselines (
    team           text        not null,
    model_group    text        not null,
    version        int         not null,
    objective      text,
    feature_schema jsonb       not null,
    baseline       jsonb,
    registered_at  timestamptz not null,
    primary key (team, model_group, version)
);

-- Tumbling windows per (team, endpoint, variant, model group, version). The unique key makes a
-- window exist once; status moves OPEN -> EVALUATED | INSUFFICIENT_DATA exactly once.
create table windows (
    id               uuid primary key,
    team             text        not null,
    endpoint         text        not null,
    variant          text        not null,
    model_group      text        not null,
    version          int         not null,
    window_start     timestamptz not null,
    window_end       timestamptz not null,
    status           text        not null check (status in ('OPEN', 'EVALUATED', 'INSUFFICIENT_DATA')),
    capture_count    bigint,
    latency_p50      double precision,
    latency_p95      double precision,
    latency_p99      double precision,
    error_rate       double precision,
    drift_share      double precision,
    dataset_drift    boolean     not null default false,
    features         jsonb,
    prediction_drift jsonb,
    baseline_found   boolean,
    evaluated_at     timestamptz,
    unique (team, endpoint, variant, model_group, version, window_start)
);
create index windows_open_due on windows (window_end) where status = 'OPEN';
create index windows_team_start on windows (team, window_start desc);
create index windows_team_group_start on windows (team, model_group, window_start desc);

-- Every accepted capture, kept until evaluation and beyond (for audits and re-evaluation).
create table captures (
    window_id   uuid             not null references windows (id) on delete cascade,
    request_id  text             not null,
    captured_at timestamptz      not null,
    latency_ms  double precision not null,
    overhead_ms double precision not null,
    status      int              not null,
    features    jsonb            not null,
    prediction  double precision,
    primary key (window_id, request_id)
);
