-- Captures are looked up by request id when labels arrive (days later), and purged by age.
create index captures_request on captures (request_id);
create index captures_captured_at on captures (captured_at);

-- Ground-truth labels per (team, endpoint, request id); a label sent again replaces the first.
create table ground_truth (
    team        text             not null,
    endpoint    text             not null,
    request_id  text             not null,
    label       double precision not null,
    received_at timestamptz      not null,
    primary key (team, endpoint, request_id)
);
create index ground_truth_received_at on ground_truth (received_at);

-- Model quality per window and source: measured from labels, or estimated from confidence (CBPE).
create table window_quality (
    window_id        uuid        not null references windows (id) on delete cascade,
    source           text        not null check (source in ('measured', 'estimated')),
    team             text        not null,
    endpoint         text        not null,
    variant          text        not null,
    model_group      text        not null,
    version          int         not null,
    window_start     timestamptz not null,
    window_end       timestamptz not null,
    objective        text        not null,
    sample_count     bigint      not null,
    metrics          jsonb       not null,
    training_metrics jsonb       not null,
    degraded         jsonb       not null,
    computed_at      timestamptz not null,
    primary key (window_id, source)
);
create index window_quality_team_start on window_quality (team, window_start desc);

-- One monitoring.quality-degraded per window, metric and source, however often labels arrive.
create table quality_alerts (
    window_id uuid    not null,
    metric    text    not null,
    estimated boolean not null,
    primary key (window_id, metric, estimated)
);
