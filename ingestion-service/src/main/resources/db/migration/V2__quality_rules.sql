-- Versioned quality rulesets; each registration runs the latest one and records which.
create table quality_rulesets (
    dataset_id  uuid        not null references datasets (id),
    version     int         not null,
    rules       text        not null,
    rule_count  int         not null,
    created_by  text,
    created_at  timestamptz not null,
    primary key (dataset_id, version)
);

alter table dataset_versions
    add column ruleset_version int,
    add column quality_results jsonb not null default '[]',
    add column tags            jsonb not null default '[]';
