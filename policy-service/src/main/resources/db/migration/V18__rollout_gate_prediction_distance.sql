-- Version 2 of the default rollout gate: a candidate whose prediction distribution moved far from
-- the champion's over the same span (distance in champion standard deviations, or Jensen-Shannon
-- for classes) is not advanced even when no shadow measured agreement row by row. A retrained
-- model on the same kind of data stays well below 0.5; a model that learned the wrong relation
-- (e.g. inverted labels that still score well on its own validation split) lands far above it.
insert into policies (name, version, attachment_point, expression, description, created_by) values
('rollout-step-default', 2, 'rollout-step',
 'window.error_rate <= 0.05 && window.drift_share < 0.5 && (!has_champion_comparison || (vs_champion.latency_p99_ratio <= 1.5 && (!has(vs_champion.prediction_agreement) || vs_champion.prediction_agreement >= 0.9) && (!has(vs_champion.prediction_distance) || vs_champion.prediction_distance <= 0.5)))',
 'Advance a rollout step while the candidate errs on at most 5% of requests, less than half of its features drifted, its p99 latency is at most 1.5 times the champion''s, its predictions are distributed like the champion''s (distance at most 0.5) and, when measured, it agrees with the champion on at least 90% of shadowed requests.',
 'system');
