-- Optional request-rate quota of an endpoint (token bucket: sustained rate and burst); null = none.
alter table endpoints add column requests_per_second double precision;
alter table endpoints add column burst int;
