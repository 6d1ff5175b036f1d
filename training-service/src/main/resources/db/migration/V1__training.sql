-- Dataset versions as announced by ingestion: enough to validate and launch manual runs.
create table dataset_versions (
    dataset_id     text        not null,
    version        int         not null,
    team           text        not null,
    name           text,
    location       text        not null,
    format         text,
    tags           jsonb       not null default '[]',
    columns        jsonb       not null default '[]',
    quality_status text,
    row_count      bigint,
    registered_at  timestamptz not null default now(),
    primary key (dataset_id, version)
);

-- A model group name is global; the first team to use it owns it.
create table model_groups (
    name       text primary key,
    team       text        not null,
    created_at timestamptz not null default now()
);

create table training_runs (
    id               uuid primary key,
    team             text        not null,
    request_id       text        not null unique,
    request_hash     text,
    model_group      text        not null,
    dataset_id       text        not null,
    dataset_version  int         not null,
    dataset_location text,
    dataset_tags     jsonb       not null default '[]',
    target           text        not null,
    objective        text        not null,
    hyperparameters  jsonb       not null default '{}',
    trigger          text        not null,
    reason           text,
    requested_by     text,
    decision_id      text,
    status           text        not null,
    error            text,
    model_version    int,
    metrics          jsonb,
    attempts         int         not null default 0,
    duration_ms      bigint,
    cost             double precision,
    created_at       timestamptz not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz
);
create index training_runs_queue on training_runs (created_at) where status = 'QUEUED';
create index training_runs_team_group on training_runs (team, model_group, created_at desc);

create table model_versions (
    model_group     text        not null references model_groups (name),
    version         int         not null,
    team            text        not null,
    -- one version per run: a re-executed run never registers twice
    run_id          uuid        not null unique,
    status          text        not null,
    objective       text        not null,
    target          text        not null,
    metrics         jsonb       not null,
    params          jsonb       not null,
    trigger         text        not null,
    dataset_id      text        not null,
    dataset_version int         not null,
    tags            jsonb       not null default '[]',
    feature_schema  jsonb       not null,
    label_mapping   jsonb,
    artifact_uri    text        not null,
    artifact_sha256 text        not null,
    baseline_uri    text        not null,
    decision_id     text,
    created_at      timestamptz not null default now(),
    decided_at      timestamptz,
    primary key (model_group, version)
);

create table model_aliases (
    model_group text        not null references model_groups (name),
    alias       text        not null,
    version     int         not null,
    updated_at  timestamptz not null default now(),
    primary key (model_group, alias),
    foreign key (model_group, version) references model_versions (model_group, version)
);
