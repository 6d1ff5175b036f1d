-- Monthly budgets per team. Spend is the sum of completed training runs' cost this month
-- (training_runs) plus what monitoring reports as exceeded (budget_signals).
create table budgets (
    team              text             primary key,
    monthly_limit_usd double precision not null check (monthly_limit_usd > 0),
    soft_limit_ratio  double precision not null check (soft_limit_ratio > 0 and soft_limit_ratio <= 1),
    updated_by        text             not null,
    updated_at        timestamptz      not null
);

create table budget_signals (
    id          bigserial        primary key,
    team        text             not null,
    budget_id   text,
    period      text,
    spend_usd   double precision not null,
    limit_usd   double precision not null,
    hard        boolean          not null,
    received_at timestamptz      not null
);
create index budget_signals_team on budget_signals (team, received_at desc);
create index training_runs_team_completed on training_runs (team, completed_at);
