-- The URL of the model on a remote Open Inference Protocol v2 server (backend 'oip'); null for the
-- in-process backend, which reads the version's artifact.
alter table deployments add column backend_url text;
