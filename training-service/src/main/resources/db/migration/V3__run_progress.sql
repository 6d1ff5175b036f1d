-- Per-round evaluation metrics streamed onto a run while it trains, and who cancelled it.
alter table training_runs
    add column iterations   jsonb not null default '[]',
    add column cancelled_by text;
