-- Version 3 of the default rollout gate: a prediction distance above 0.5 stops a rollout only when
-- it is significant (p-value below 0.01, two-sample Kolmogorov-Smirnov for scores, chi-square for
-- classes). Two small windows of one model measure distances above 0.5 from sampling alone: a
-- byte-identical candidate was rolled back on a 43-request window with distance 0.502. Events
-- without a p-value (monitoring before it was added) are judged on the distance as before.
insert into policies (name, version, attachment_point, expression, description, created_by) values
('rollout-step-default', 3, 'rollout-step',
 'window.error_rate <= 0.05 && window.drift_share < 0.5 && (!has_champion_comparison || (vs_champion.latency_p99_ratio <= 1.5 && (!has(vs_champion.prediction_agreement) || vs_champion.prediction_agreement >= 0.9) && (!has(vs_champion.prediction_distance) || vs_champion.prediction_distance <= 0.5 || (has(vs_champion.prediction_distance_p_value) && vs_champion.prediction_distance_p_value >= 0.01))))',
 'Advance a rollout step while the candidate errs on at most 5% of requests, less than half of its features drifted, its p99 latency is at most 1.5 times the champion''s, its predictions are distributed like the champion''s (distance at most 0.5, or a larger distance that sampling explains: p-value at least 0.01) and, when measured, it agrees with the champion on at least 90% of shadowed requests.',
 'system');
