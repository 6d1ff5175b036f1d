-- Budget limits crossed, once per team, period (month) and kind (soft | hard): the row is written
-- with monitoring.budget-exceeded in the outbox, so the event goes out once.
create table budget_alerts (
    team       text             not null,
    period     text             not null,
    kind       text             not null check (kind in ('soft', 'hard')),
    spend      double precision not null,
    limit_usd  double precision not null,
    alerted_at timestamptz      not null,
    primary key (team, period, kind)
);
