-- Retraining on quality degradation: at most once per cooldown (whatever triggered the last run)
-- and at most max_per_day runs a day per model group.
insert into policies (name, version, attachment_point, expression, description, created_by) values
('retraining-default', 1, 'retraining',
 'minutes_since_last_run >= cooldown_minutes && runs_today < max_per_day',
 'Retrain when quality degrades, at most once per cooldown after the group''s last run and at most max_per_day runs a day.',
 'system');
