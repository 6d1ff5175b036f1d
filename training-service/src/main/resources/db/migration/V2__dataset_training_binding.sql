-- What ingestion says to train on a dataset (its training binding) and the column profile, so a
-- run request may omit target/objective and a target of the wrong kind is refused up front.
alter table dataset_versions
    add column binding_model_group text,
    add column binding_target      text,
    add column binding_objective   text,
    add column profile             jsonb not null default '[]';
