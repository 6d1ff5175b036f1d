-- What the PII classifier found per version and column (immutable, like the version).
create table column_classifications (
    dataset_id  uuid  not null,
    version     int   not null,
    position    int   not null,
    column_name text  not null,
    detections  jsonb not null,
    tags        jsonb not null,
    primary key (dataset_id, version, column_name),
    foreign key (dataset_id, version) references dataset_versions (dataset_id, version)
);

-- Data steward decisions, append-only: the newest row per column is in force, all rows are the
-- audit history (who, when, why).
create table classification_overrides (
    id          bigserial   primary key,
    dataset_id  uuid        not null references datasets (id),
    column_name text        not null,
    tags        jsonb       not null,
    reason      text        not null,
    decided_by  text        not null,
    decided_at  timestamptz not null
);
create index classification_overrides_column on classification_overrides (dataset_id, column_name, id desc);
