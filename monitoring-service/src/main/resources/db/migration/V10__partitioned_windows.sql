-- Window results partitioned by window start (month partitions here; WindowRetention creates
-- partitions ahead, at the configured granularity, and drops those past the retention). A
-- partitioned table's keys must include the partition key, so the id is unique together with
-- window_start, and the tables hanging off a window lose their foreign keys: dropping a partition
-- deletes their rows explicitly (WindowRetention), captures are purged by age anyway.
alter table captures drop constraint if exists captures_window_id_fkey;
alter table window_quality drop constraint if exists window_quality_window_id_fkey;
alter table window_files drop constraint if exists window_files_window_id_fkey;

create table windows_partitioned (
    id               uuid        not null,
    team             text        not null,
    endpoint         text        not null,
    variant          text        not null,
    model_group      text        not null,
    version          int         not null,
    window_start     timestamptz not null,
    window_end       timestamptz not null,
    status           text        not null check (status in ('OPEN', 'EVALUATED', 'INSUFFICIENT_DATA')),
    capture_count    bigint,
    latency_p50      double precision,
    latency_p95      double precision,
    latency_p99      double precision,
    error_rate       double precision,
    drift_share      double precision,
    dataset_drift    boolean     not null default false,
    features         jsonb,
    prediction_drift jsonb,
    baseline_found   boolean,
    evaluated_at     timestamptz,
    primary key (id, window_start),
    unique (team, endpoint, variant, model_group, version, window_start)
) partition by range (window_start);

-- Anything outside the created partitions (clock skew, far-future timestamps) lands here rather
-- than failing the capture; the retention job deletes its old rows.
create table windows_default partition of windows_partitioned default;

-- Month partitions from the oldest stored window to two months ahead.
do $$
declare
    month_start timestamptz := date_trunc('month', least(
        coalesce((select min(window_start) from windows), now()), now()) at time zone 'UTC')
        at time zone 'UTC';
    last_month timestamptz := date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
        + interval '2 months';
begin
    while month_start <= last_month loop
        execute format(
            'create table %I partition of windows_partitioned for values from (%L) to (%L)',
            'windows_p' || to_char(month_start at time zone 'UTC', 'YYYYMMDD'),
            month_start, month_start + interval '1 month');
        month_start := month_start + interval '1 month';
    end loop;
end $$;

insert into windows_partitioned select * from windows;
drop table windows;
alter table windows_partitioned rename to windows;

create index windows_open_due on windows (window_end) where status = 'OPEN';
create index windows_team_start on windows (team, window_start desc);
create index windows_team_group_start on windows (team, model_group, window_start desc);
create index violations_occurred_at on violations (occurred_at);
