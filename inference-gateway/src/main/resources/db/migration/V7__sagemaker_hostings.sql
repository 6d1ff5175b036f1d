-- SageMaker hostings: a request to create or update a SageMaker endpoint for a gateway endpoint and,
-- once it serves, to route the gateway endpoint's traffic to it. A worker advances each row one step
-- per tick (REQUESTED -> CREATING -> IN_SERVICE -> ROUTED, or FAILED / ROUTING_DENIED), so the row
-- says where a restarted gateway carries on.
create table sagemaker_hostings (
    id                 text        primary key,
    endpoint           text        not null references endpoints (name) on delete cascade,
    team               text        not null,
    sagemaker_endpoint text        not null,
    config_name        text        not null, -- chosen up front so a repeated start is recognised
    route              boolean     not null,
    variants           text        not null, -- JSON array of the requested variants
    status             text        not null, -- REQUESTED, CREATING, IN_SERVICE, ROUTED, FAILED, ROUTING_DENIED
    sagemaker_status   text,                 -- SageMaker's EndpointStatus as last seen
    endpoint_arn       text,
    failure_reason     text,
    requested_by       text        not null, -- subject, team and roles rebuild the requester to route as
    requester_roles    text        not null, -- comma separated
    idempotency_key    text,
    request_hash       text        not null,
    claimed_by         text,                 -- the worker running a step, until claimed_until
    claimed_until      timestamptz,
    started_at         timestamptz,          -- when provisioning started: the timeout counts from here
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
-- One hosting in flight per gateway endpoint: a second POST meanwhile is a 409.
create unique index sagemaker_hostings_one_in_flight on sagemaker_hostings (endpoint)
    where status in ('REQUESTED', 'CREATING');
create unique index sagemaker_hostings_idempotency on sagemaker_hostings (endpoint, idempotency_key)
    where idempotency_key is not null;
create index sagemaker_hostings_by_endpoint on sagemaker_hostings (endpoint, created_at desc);
create index sagemaker_hostings_by_sagemaker_endpoint on sagemaker_hostings (sagemaker_endpoint);
create index sagemaker_hostings_due on sagemaker_hostings (status)
    where status in ('REQUESTED', 'CREATING', 'IN_SERVICE');
