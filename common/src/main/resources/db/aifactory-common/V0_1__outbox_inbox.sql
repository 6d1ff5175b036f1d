-- Shared by every service (flyway location classpath:db/aifactory-common), in the service's schema.
create table outbox (
    seq         bigserial primary key,
    id          uuid        not null unique,
    topic       text        not null,
    message_key text        not null,
    event_type  text        not null,
    team        text,
    payload     text        not null,
    created_at  timestamptz not null default now(),
    sent_at     timestamptz
);
create index outbox_unsent on outbox (seq) where sent_at is null;

create table inbox (
    consumer     text        not null,
    event_id     text        not null,
    event_type   text,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
