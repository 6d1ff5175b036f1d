-- W3C trace context of the transaction that wrote the event, so the relay publishes it as part of
-- the same trace (the relay runs later, on its own thread).
alter table outbox add column trace_id text;
alter table outbox add column span_id text;
