-- People who sign in to the dashboard (authorization code + PKCE). Passwords are stored as
-- Spring Security delegating hashes ("{bcrypt}..."), never in clear.
create table users (
    username      text        primary key,
    password_hash text        not null,
    team          text        not null,
    roles         json        not null,
    enabled       boolean     not null default true,
    created_at    timestamptz not null default now()
);
