-- A DLT position alone does not identify a parked record: a recreated topic (or a fresh broker)
-- starts its offsets at 0 again. The record's own timestamp, the same on every redelivery, makes
-- the key unique.
alter table dead_letters add column dlt_timestamp bigint not null default 0;
alter table dead_letters drop constraint dead_letters_dlt_topic_dlt_partition_dlt_offset_key;
alter table dead_letters add constraint dead_letters_record
    unique (dlt_topic, dlt_partition, dlt_offset, dlt_timestamp);
