-- Outbound webhook subscriptions per team. The secret is kept as given: signing needs it.
create table webhooks (
    id         uuid        primary key,
    team       text        not null,
    url        text        not null,
    events     json        not null,
    secret     text        not null,
    active     boolean     not null default true,
    created_by text        not null,
    created_at timestamptz not null
);
create index webhooks_team on webhooks (team) where active;

-- Durable deliveries: one row per (webhook, event), retried with exponential backoff.
create table webhook_deliveries (
    id              uuid        primary key,
    webhook_id      uuid        not null references webhooks (id),
    event_id        text        not null,
    event_type      text        not null,
    subject         text,
    event           json        not null,
    status          text        not null check (status in ('pending', 'delivered', 'failed')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_status     int,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    unique (webhook_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_webhook on webhook_deliveries (webhook_id, created_at desc);
