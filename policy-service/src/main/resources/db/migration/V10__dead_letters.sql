-- Records parked on the *.dlt topics by any service's consumers, for people to look at and replay.
-- (dlt_topic, dlt_partition, dlt_offset) identifies a parked record, so a redelivery stores nothing.
create table dead_letters (
    id             uuid        primary key,
    dlt_topic      text        not null,
    dlt_partition  int         not null,
    dlt_offset     bigint      not null,
    topic          text        not null,
    partition      int,
    "offset"       bigint,
    message_key    text,
    event_id       text,
    event_type     text,
    team           text,
    consumer_group text,
    error          text,
    payload        text        not null,
    recorded_at    timestamptz not null,
    replayed_at    timestamptz,
    replayed_by    text,
    unique (dlt_topic, dlt_partition, dlt_offset)
);
create index dead_letters_team on dead_letters (team, recorded_at desc);
create index dead_letters_recorded on dead_letters (recorded_at desc);
