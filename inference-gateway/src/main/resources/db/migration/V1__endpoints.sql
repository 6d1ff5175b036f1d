-- Model versions the gateway has heard of through model.alias-moved: enough to load and serve them
-- without calling training back.
create table model_versions (
    team           text        not null,
    model_group    text        not null,
    version        int         not null,
    artifact_uri   text        not null,
    objective      text        not null,
    feature_schema text        not null, -- JSON array of FeatureSpec
    recorded_at    timestamptz not null default now(),
    primary key (team, model_group, version)
);

-- Projection of the champion alias of each model group.
create table champions (
    team        text        not null,
    model_group text        not null,
    version     int         not null,
    moved_at    timestamptz not null default now(),
    primary key (team, model_group),
    foreign key (team, model_group, version) references model_versions
);

create table endpoints (
    name                text             primary key,
    team                text             not null,
    model_group         text             not null,
    capture_sample_rate double precision not null,
    created_by          text,
    created_at          timestamptz      not null default now(),
    updated_at          timestamptz      not null default now()
);
create index endpoints_by_team on endpoints (team, name);
create index endpoints_by_group on endpoints (team, model_group);

create table deployments (
    endpoint    text             not null references endpoints (name) on delete cascade,
    variant     text             not null,
    team        text             not null,
    model_group text             not null,
    version     int              not null,
    backend     text             not null,
    weight      double precision not null,
    primary key (endpoint, variant),
    foreign key (team, model_group, version) references model_versions
);
