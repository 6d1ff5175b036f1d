-- The feedback loop of each model group as a persisted state machine (see LoopStateMachine).
create table loop_states (
    team           text        not null,
    model_group    text        not null,
    state          text        not null check (state in ('idle', 'retraining', 'evaluating',
        'awaiting-approval', 'rolling-out', 'promoted', 'rolled-back', 'cooling-down')),
    since          timestamptz not null,
    reason         text,
    decision_id    text,
    cooldown_until timestamptz,
    primary key (team, model_group)
);
create index loop_states_due on loop_states (state, cooldown_until)
    where state in ('promoted', 'rolled-back', 'cooling-down');
