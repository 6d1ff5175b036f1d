-- Attachment points for ingestion: dataset registration and data access. The defaults allow
-- everything (ingestion's quality rules and grants decide today); stricter rules can be written
-- and dry-run now and take effect once ingestion asks policy.
insert into policies (name, version, attachment_point, expression, description, created_by) values
('dataset-registration-default', 1, 'dataset-registration', 'true',
 'Admit every dataset version (ingestion''s quality rules decide); restrict with a scoped policy.',
 'system'),
('data-access-default', 1, 'data-access', 'true',
 'Grant what ingestion''s grants grant; restrict (e.g. PII to the owning team) with a policy.',
 'system');
