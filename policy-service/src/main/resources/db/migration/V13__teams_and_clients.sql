-- Teams, and the OAuth2 clients of the client-credentials grant (until now configuration only).
-- Configured clients are created (and, until their secret is rotated through the API, updated)
-- at start-up. During a secret rotation's grace period the previous hash is accepted too.
create table teams (
    name        text        primary key,
    description text        not null default '',
    created_by  text        not null,
    created_at  timestamptz not null default now()
);

create table clients (
    client_id            text        primary key,
    secret_hash          text        not null,
    previous_secret_hash text,
    previous_valid_until timestamptz,
    team                 text        not null,
    roles                json        not null,
    enabled              boolean     not null default true,
    configured           boolean     not null default false,
    secret_rotated_at    timestamptz,
    created_at           timestamptz not null default now()
);
