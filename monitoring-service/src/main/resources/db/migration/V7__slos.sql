-- Service level objectives per endpoint: availability (share of requests without a 5xx) or latency
-- (share of requests answered within latency_threshold_ms), over a rolling period.
create table slos (
    id                   uuid primary key,
    team                 text             not null,
    endpoint             text             not null,
    name                 text             not null,
    objective            text             not null check (objective in ('AVAILABILITY', 'LATENCY')),
    target               double precision not null,
    latency_threshold_ms double precision,
    period_days          int              not null,
    created_at           timestamptz      not null,
    updated_at           timestamptz      not null
);
create index slos_team_endpoint on slos (team, endpoint);

-- Good and total requests of each evaluated window, per SLO (sampled captures scaled by their
-- sample rate). Burn rates sum these over the alert windows.
create table slo_samples (
    slo_id     uuid             not null references slos (id) on delete cascade,
    window_id  uuid             not null,
    window_end timestamptz      not null,
    total      double precision not null,
    good       double precision not null,
    primary key (slo_id, window_id)
);
create index slo_samples_end on slo_samples (slo_id, window_end);

-- Which multi-window burn-rate alert of an SLO is firing: an event is published when it starts
-- firing, not again until it has stopped (burn rate back under the threshold) and fires anew.
create table slo_alerts (
    slo_id     uuid        not null references slos (id) on delete cascade,
    alert      text        not null,
    firing     boolean     not null,
    changed_at timestamptz not null,
    primary key (slo_id, alert)
);
