create table datasets (
    id                  uuid        primary key,
    team                text        not null,
    name                text        not null,
    description         text,
    tags                jsonb       not null default '[]',
    training_model_group text,
    training_target     text,
    training_objective  text,
    training_auto_train boolean,
    created_by          text,
    created_at          timestamptz not null,
    unique (team, name)
);
create index datasets_team_created on datasets (team, created_at desc);

-- Versions are immutable; the content hash makes re-uploads of the same bytes idempotent.
create table dataset_versions (
    dataset_id     uuid        not null references datasets (id),
    version        int         not null,
    content_hash   text        not null,
    location       text        not null,
    format         text        not null,
    size_bytes     bigint      not null,
    row_count      bigint      not null,
    quality_status text        not null,
    quality_reason text,
    profile        jsonb       not null,
    created_by     text,
    created_at     timestamptz not null,
    primary key (dataset_id, version),
    unique (dataset_id, content_hash)
);

-- Stored responses of creating POSTs, replayed for a repeated Idempotency-Key of the same team.
create table idempotency_keys (
    team         text        not null,
    idem_key     text        not null,
    request_hash text        not null,
    status       int         not null,
    location     text,
    body         text        not null,
    created_at   timestamptz not null default now(),
    primary key (team, idem_key)
);
