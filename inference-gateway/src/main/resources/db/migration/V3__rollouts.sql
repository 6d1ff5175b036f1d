-- What an endpoint does when the champion of its group moves: switch at once ('instant', the
-- original behaviour) or start a rollout plan ('canary', 'linear') with these steps and bake time.
alter table endpoints add column champion_rollout text not null default 'instant';
alter table endpoints add column champion_rollout_steps text;          -- e.g. '10,100'; null = default
alter table endpoints add column champion_rollout_bake_seconds bigint; -- null = default

-- A rollout plan moving an endpoint from its champion variant to a candidate version step by step.
-- The bake timer is step_started_at + bake_seconds, so it survives a restart; advance_requested
-- remembers a gate decision for the current step that arrived before the bake time was over.
create table rollouts (
    id                 text        primary key,
    endpoint           text        not null references endpoints (name) on delete cascade,
    team               text        not null,
    model_group        text        not null,
    candidate_version  int         not null,
    candidate_variant  text        not null,
    champion_version   int,
    champion_variant   text,
    strategy           text        not null,
    steps              text        not null, -- candidate percentages, comma separated
    bake_seconds       bigint      not null,
    state              text        not null, -- RUNNING, PAUSED, COMPLETED, ROLLED_BACK
    current_step       int         not null,
    step_started_at    timestamptz not null,
    advance_requested  boolean     not null default false,
    advance_decision   text,
    started_by         text,
    reason             text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    finished_at        timestamptz
);
-- At most one rollout in progress per endpoint; a second start is a 409.
create unique index rollouts_one_active_per_endpoint on rollouts (endpoint)
    where state in ('RUNNING', 'PAUSED');
create index rollouts_by_endpoint on rollouts (endpoint, created_at desc);
create index rollouts_waiting on rollouts (state) where state = 'RUNNING' and advance_requested;

-- Everything that happened to a rollout: steps, gate decisions (also ignored stale ones), manual
-- pause/resume/abort. The API shows it as the rollout's history.
create table rollout_history (
    id          bigserial   primary key,
    rollout_id  text        not null references rollouts (id) on delete cascade,
    at          timestamptz not null default now(),
    kind        text        not null,
    step        int,
    decision_id text,
    actor       text,
    detail      text
);
create index rollout_history_by_rollout on rollout_history (rollout_id, id);
