-- Spend per team, model group and version: training (from training.run-completed) and serving
-- (measured CPU time of each evaluated window x the configured price). One row per source.
create table costs (
    kind        text             not null check (kind in ('TRAINING', 'SERVING')),
    source_id   text             not null,
    team        text             not null,
    model_group text             not null,
    version     int              not null,
    endpoint    text,
    amount      double precision not null,
    cpu_seconds double precision not null,
    predictions bigint           not null,
    recorded_at timestamptz      not null,
    primary key (kind, source_id)
);
create index costs_team on costs (team, model_group, version);
