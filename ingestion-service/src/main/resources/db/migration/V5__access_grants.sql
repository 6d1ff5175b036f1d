-- Data access grants (local mode): a principal's permissions on a dataset or a tag expression.
create table access_grants (
    id             uuid        primary key,
    team           text        not null,
    principal      text        not null,
    permissions    text        not null,
    dataset_name   text,
    tag_expression text,
    created_by     text,
    created_at     timestamptz not null,
    check ((dataset_name is null) <> (tag_expression is null))
);
create index access_grants_team on access_grants (team, principal);
