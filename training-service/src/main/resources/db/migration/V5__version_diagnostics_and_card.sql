-- What a version's validation says beyond metrics (feature importance, confusion matrix or
-- residuals), who asked for the run, the SageMaker model package it mirrors, and the model card's
-- edited fields (the draft itself is derived from the version).
alter table model_versions
    add column diagnostics       jsonb,
    add column requested_by      text,
    add column model_package_arn text,
    add column card              jsonb;
