-- A shadow deployment answers no request: it gets a copy of this share of the endpoint's requests
-- (null = a serving deployment). Its weight is 0.
alter table deployments add column shadow_sample_rate double precision;
-- The share of requests a shadow rollout's candidate gets copies of while at step 0.
alter table rollouts add column shadow_sample_rate double precision;
