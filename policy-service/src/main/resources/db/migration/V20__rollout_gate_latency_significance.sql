-- Version 4 of the default rollout gate. A p99 latency ratio above 1.5 stops a rollout only when it
-- is significant: monitoring's exact exceedance test (how likely at least as many candidate
-- requests are slower than the champion's p99 if both share one latency distribution) below
-- 0.001. A 69-request window's p99 is its slowest request: a healthy retrain was rolled back on a
-- ratio of 3.78 from one slow request. The prediction distance needs p below 0.001 too (was 0.01):
-- each window of a healthy candidate is a fresh draw, a rollout judges several, and the bad
-- candidates these tests exist for (a slower model, one that learned the wrong relation) measure
-- p-values far below 1e-6 within a few dozen requests. Events without the p-values (monitoring
-- before they were added) are judged on the ratio and the distance as before.
insert into policies (name, version, attachment_point, expression, description, created_by) values
('rollout-step-default', 4, 'rollout-step',
 'window.error_rate <= 0.05 && window.drift_share < 0.5 && (!has_champion_comparison || ((vs_champion.latency_p99_ratio <= 1.5 || (has(vs_champion.latency_p99_p_value) && vs_champion.latency_p99_p_value >= 0.001)) && (!has(vs_champion.prediction_agreement) || vs_champion.prediction_agreement >= 0.9) && (!has(vs_champion.prediction_distance) || vs_champion.prediction_distance <= 0.5 || (has(vs_champion.prediction_distance_p_value) && vs_champion.prediction_distance_p_value >= 0.001))))',
 'Advance a rollout step while the candidate errs on at most 5% of requests, less than half of its features drifted, its p99 latency is at most 1.5 times the champion''s (or higher by an amount sampling explains: p-value at least 0.001), its predictions are distributed like the champion''s (distance at most 0.5, or a larger distance that sampling explains: p-value at least 0.001) and, when measured, it agrees with the champion on at least 90% of shadowed requests.',
 'system');
