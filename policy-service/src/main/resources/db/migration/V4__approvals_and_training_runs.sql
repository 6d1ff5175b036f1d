-- A promotion policy may require people to approve what it allows: {requiredRole, quorum,
-- expiresInMinutes}. Null means the policy's verdict is final.
alter table policies add column approval json;

-- What policy learns of training from aifactory.training: who requested a run (separation of
-- duties) and what it cost (budgets). Requests and runs arrive keyed differently, so in any order.
create table training_requests (
    request_id   text        primary key,
    team         text        not null,
    model_group  text        not null,
    requested_by text,
    trigger      text,
    requested_at timestamptz not null default now()
);

create table training_runs (
    run_id       text        primary key,
    request_id   text,
    team         text        not null,
    model_group  text        not null,
    trigger      text,
    cost_usd     double precision,
    completed_at timestamptz
);
create index training_runs_request on training_runs (request_id);

-- Approval requests opened by promotion policies that require people.
create table approvals (
    id             uuid        primary key,
    team           text        not null,
    model_group    text        not null,
    version        int         not null,
    run_id         text,
    decision_id    uuid        not null,
    policy         text        not null,
    policy_version int         not null,
    required_role  text        not null,
    quorum         int         not null check (quorum >= 1),
    status         text        not null check (status in ('pending', 'approved', 'rejected')),
    resolution     text,
    requested_by   text,
    evidence       json        not null,
    reasons        text        not null,
    created_at     timestamptz not null,
    expires_at     timestamptz not null,
    resolved_at    timestamptz,
    unique (team, model_group, version)
);
create index approvals_team_status on approvals (team, status, created_at desc);
create index approvals_pending_expiry on approvals (expires_at) where status = 'pending';

create table approval_votes (
    approval_id uuid        not null references approvals (id),
    voter       text        not null,
    verdict     text        not null check (verdict in ('approve', 'reject')),
    comment     text,
    at          timestamptz not null,
    primary key (approval_id, voter)
);
