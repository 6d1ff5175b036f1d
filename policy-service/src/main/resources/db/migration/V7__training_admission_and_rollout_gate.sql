-- Default global policies of the two new attachment points. Training admission refuses data that
-- failed quality and runs that would take the team past its hard budget limit; the rollout gate
-- lets a candidate advance while it errs rarely, has not drifted and (when a champion window is
-- there to compare with) is not much slower and, when agreement was measured, agrees with it.
insert into policies (name, version, attachment_point, expression, description, created_by) values
('training-admission-default', 1, 'training-admission',
 'quality != ''REJECTED_QUALITY'' && budget.state != ''hard'' && (budget.limit_usd < 0.0 || budget.spent_usd + estimated_cost <= budget.limit_usd)',
 'Admit training unless the dataset version was rejected by quality rules or the run would take the team past its hard monthly budget.',
 'system'),
('rollout-step-default', 1, 'rollout-step',
 'window.error_rate <= 0.05 && window.drift_share < 0.5 && (!has_champion_comparison || (vs_champion.latency_p99_ratio <= 1.5 && (!has(vs_champion.prediction_agreement) || vs_champion.prediction_agreement >= 0.9)))',
 'Advance a rollout step while the candidate errs on at most 5% of requests, less than half of its features drifted, its p99 latency is at most 1.5 times the champion''s and, when measured, it agrees with the champion on at least 90% of shadowed requests.',
 'system');

-- Rollouts the gateway is running, projected from its rollout events; the gate evaluates the
-- candidate's windows against the current step. last_window_to makes older windows stale.
create table rollouts (
    rollout_id             text        primary key,
    team                   text        not null,
    endpoint               text        not null,
    model_group            text        not null,
    candidate_version      int         not null,
    candidate_variant      text        not null,
    champion_version       int,
    champion_variant       text,
    strategy               text        not null,
    steps                  json        not null,
    step                   int         not null default 0,
    weight                 int         not null default 0,
    status                 text        not null
        check (status in ('active', 'aborting', 'completed', 'rolled-back')),
    advance_requested_step int,
    last_window_to         timestamptz,
    started_at             timestamptz not null,
    step_started_at        timestamptz not null
);
create index rollouts_endpoint on rollouts (team, endpoint, status);
