-- Lines a run logs while it is queued, admitted, trains and ends; read back by offset.
create table run_logs (
    id      bigserial primary key,
    run_id  uuid        not null,
    at      timestamptz not null default now(),
    level   text        not null,
    message text        not null
);
create index run_logs_run on run_logs (run_id, id);
