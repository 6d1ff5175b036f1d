-- The default (PostgreSQL) data catalog: one table version per dataset version.
create table catalog_entries (
    dataset_id     uuid   not null,
    version        int    not null,
    team           text   not null,
    name           text   not null,
    location       text   not null,
    format         text   not null,
    content_hash   text   not null,
    columns        jsonb  not null,
    row_count      bigint not null,
    quality_status text   not null,
    tags           jsonb  not null,
    primary key (dataset_id, version),
    foreign key (dataset_id, version) references dataset_versions (dataset_id, version)
);
create index catalog_entries_team on catalog_entries (team, name);
