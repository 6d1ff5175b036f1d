-- When a scheduled retraining was last considered per model group (whatever the decision), so a
-- schedule is evaluated once per period and not on every tick.
create table loop_schedule_attempts (
    team         text        not null,
    model_group  text        not null,
    attempted_at timestamptz not null,
    primary key (team, model_group)
);
