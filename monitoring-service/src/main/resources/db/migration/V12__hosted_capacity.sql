-- SageMaker capacity the gateway's hostings run on (endpoint.hosting-changed), priced by instance
-- hour: a variant is paid for from its hosting's IN_SERVICE until the hosting is DELETED or a later
-- hosting of the same SageMaker endpoint is in service. accrued_to is how far the capacity has been
-- written to costs; each accrual moves it forward in the transaction that records the cost, so a
-- second monitoring instance (or a retry) never charges the same span twice.
create table hosted_capacity (
    hosting_id         text        not null,
    variant            text        not null,
    team               text        not null,
    endpoint           text        not null,
    sagemaker_endpoint text        not null,
    model_group        text        not null,
    version            int         not null,
    instance_type      text        not null,
    instance_count     int         not null check (instance_count > 0),
    started_at         timestamptz not null,
    ended_at           timestamptz,
    accrued_to         timestamptz not null,
    primary key (hosting_id, variant)
);
create index hosted_capacity_open on hosted_capacity (sagemaker_endpoint) where ended_at is null;
