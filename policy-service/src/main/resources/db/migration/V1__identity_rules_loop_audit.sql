-- Signing keys of the authorization server. The oldest row is the active key, so several
-- instances starting at once converge on the same key.
create table signing_keys (
    kid         text        primary key,
    public_key  bytea       not null,
    private_key bytea       not null,
    created_at  timestamptz not null default now()
);

-- Versioned CEL policies: a change is a new row, never an update.
create table policies (
    name             text        not null,
    version          int         not null,
    attachment_point text        not null,
    expression       text        not null,
    description      text        not null,
    created_by       text        not null,
    created_at       timestamptz not null default now(),
    primary key (name, version)
);

insert into policies (name, version, attachment_point, expression, description, created_by) values
('training-on-new-data', 1, 'training-data',
 'binding.autoTrain && quality == ''PASSED'' && (!has_champion || minutes_since_last_data_run >= cooldown_minutes)',
 'Train on every new dataset version of an auto-train binding that passed quality, at most once per data cooldown once the group has a champion.',
 'system'),
('promotion-default', 1, 'promotion',
 'objective == ''regression'' ? (has_champion ? candidate.rmse <= champion.rmse * 1.05 : true) : (has_champion ? candidate.auc >= champion.auc - 0.01 : candidate.auc >= 0.6)',
 'Binary: AUC within 0.01 of the champion (0.6 without one). Regression: RMSE at most 5% worse than the champion (any without one).',
 'system'),
('retraining-on-drift', 1, 'retraining-drift',
 'drift_share >= 0.5 && minutes_since_last_drift_run >= cooldown_minutes',
 'Retrain on the newest dataset version when at least half of the features drifted, at most once per drift cooldown.',
 'system');

-- Projection of dataset versions from dataset.version-registered.
create table dataset_versions (
    dataset_id   text        not null,
    version      int         not null,
    team         text        not null,
    name         text,
    location     text        not null,
    tags         text        not null,
    quality      text,
    model_group  text,
    target       text,
    objective    text,
    auto_train   boolean     not null default false,
    registered_at timestamptz not null default now(),
    primary key (dataset_id, version)
);

-- Per team and model group: bound dataset, champion, and when policy last requested training.
create table model_groups (
    team                  text        not null,
    model_group           text        not null,
    dataset_id            text,
    champion_version      int,
    champion_metrics      text,
    last_data_request_at  timestamptz,
    last_drift_request_at timestamptz,
    primary key (team, model_group)
);

create table decisions (
    decision_id      uuid        primary key,
    team             text        not null,
    subject          text        not null,
    attachment_point text        not null,
    policy           text        not null,
    policy_version   int         not null,
    effect           text        not null check (effect in ('allow', 'deny')),
    inputs           json        not null,
    inputs_digest    text        not null,
    reasons          text        not null,
    created_at       timestamptz not null
);
create index decisions_team_subject on decisions (team, subject, created_at desc);

-- Append-only, hash-chained audit log. details is json (not jsonb) so its text, which the hash
-- covers, is kept byte for byte.
create table audit_log (
    seq       bigserial   primary key,
    id        uuid        not null unique,
    at        timestamptz not null,
    actor     text        not null,
    action    text        not null,
    subject   text        not null,
    team      text        not null,
    details   json        not null,
    prev_hash text        not null,
    hash      text        not null unique
);
create index audit_log_team_subject on audit_log (team, subject);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op;
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
