-- Each open window's aggregate (drift sketches, latency histograms, counts), rewritten in every
-- capture batch's transaction and read once when the window closes, so evaluation does not read
-- the window's captures back. Deleted when the window is evaluated. Stored uncompressed: the
-- sparse varint encoding is already compact, and it is rewritten per batch.
create table window_aggregates (
    window_id  uuid primary key,
    state      bytea,
    updated_at timestamptz not null default now()
);
alter table window_aggregates alter column state set storage external;

-- A deterministic pseudo-random key per capture (from its request id): the Model Monitor sample of
-- a window is its first model-monitor-sample rows by this key, read through the index.
alter table captures add column sample_key double precision;
create index captures_window_sample on captures (window_id, sample_key);
