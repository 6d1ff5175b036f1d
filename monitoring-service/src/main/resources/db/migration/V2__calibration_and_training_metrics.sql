-- Calibrated drift thresholds, computed once per baseline, and the training metrics model quality
-- is compared with (both from model.version-registered).
alter table baselines add column calibration jsonb;
alter table baselines add column training_metrics jsonb;
