-- What the gateway sampled (1 / sample_rate requests per capture, null = every request) and what
-- a shadow variant answered for the same request (ShadowResult as JSON), so serving cost counts
-- all traffic and the rollout gate gets paired predictions.
alter table captures add column sample_rate double precision;
alter table captures add column shadow jsonb;

-- Rollouts the gateway runs (from endpoint.rollout-started / -completed / rolled-back): which
-- variant of an endpoint is the candidate and which the champion it is compared with.
create table rollouts (
    rollout_id        text        primary key,
    team              text        not null,
    endpoint          text        not null,
    model_group       text,
    candidate_variant text        not null,
    candidate_version int         not null,
    champion_variant  text        not null,
    champion_version  int,
    active            boolean     not null,
    started_at        timestamptz not null
);
create index rollouts_active on rollouts (team, endpoint, candidate_variant) where active;
