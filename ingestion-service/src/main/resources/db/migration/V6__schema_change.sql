-- How the version's schema differs from the previous version's (null for a dataset's first version).
alter table dataset_versions add column schema_change jsonb;
