-- Signing key rotation: the most recently rotated-in key signs (the oldest key when none was
-- rotated in); a key rotated out stays published in the JWKS until retire_after, when the last
-- token it signed has expired.
alter table signing_keys add column rotated_at timestamptz;
alter table signing_keys add column retire_after timestamptz;
