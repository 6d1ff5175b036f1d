-- Deployment admission at policy: whether an endpoint is reachable from outside the platform (the
-- default policy refuses public endpoints for models trained on PII data), the data tags of each
-- version (from model.version-registered; null when the gateway only saw the version as champion),
-- and the champion moves policy refused, kept as the endpoint's admission log.
alter table endpoints add column public_endpoint boolean not null default false;
alter table model_versions add column data_tags text; -- JSON array of strings
create table endpoint_admission_denials (
    id            bigserial   primary key,
    endpoint      text        not null references endpoints (name) on delete cascade,
    team          text        not null,
    model_group   text        not null,
    version       int         not null,
    decision_id   text,
    reasons       text        not null, -- JSON array of strings
    denied_at     timestamptz not null default now()
);
create index endpoint_admission_denials_by_endpoint on endpoint_admission_denials (endpoint, id);
