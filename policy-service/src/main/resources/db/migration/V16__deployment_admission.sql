-- Deployment admission: no public endpoint for a model trained on PII data (the budget guard
-- refuses new deployments past the hard limit on top of this).
insert into policies (name, version, attachment_point, expression, description, created_by) values
('deployment-default', 1, 'deployment',
 '!(public && pii)',
 'Deploy anything except a model trained on PII data behind a public endpoint.',
 'system');
