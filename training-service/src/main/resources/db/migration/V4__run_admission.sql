-- Admission before launch: whose grant is checked, the policy decision that admitted the run, why a
-- run was REJECTED, and when a run waiting for an unreachable policy/ingestion may be tried again.
alter table training_runs
    add column principal             text,
    add column admission_decision_id text,
    add column rejection_reasons     jsonb,
    add column not_before            timestamptz;
