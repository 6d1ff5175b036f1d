-- Policies get a mode (enforce | warn | audit) and a scope (global | team:<t> | model-group:<g>).
-- Existing versions were enforced everywhere, which is what the defaults say.
alter table policies add column mode text not null default 'enforce'
    check (mode in ('enforce', 'warn', 'audit'));
alter table policies add column scope text not null default 'global';

-- Decisions keep the mode they were taken in and what the expression itself said (allow, deny or
-- error), so a warn/audit decision shows its would-be outcome. Effects grow warn and
-- pending-approval (the event catalog's four).
alter table decisions drop constraint decisions_effect_check;
alter table decisions add constraint decisions_effect_check
    check (effect in ('allow', 'deny', 'warn', 'pending-approval'));
alter table decisions add column mode text not null default 'enforce';
alter table decisions add column evaluated text;
create index decisions_team_point on decisions (team, attachment_point, created_at desc);
