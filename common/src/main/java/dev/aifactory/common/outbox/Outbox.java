package dev.aifactory.common.outbox;

import dev.aifactory.common.events.DomainEvent;

/**
 * Transactional outbox. {@link #publish} stores the event in the caller's transaction (it fails
 * without one), so the event exists if and only if the state change committed. A relay publishes
 * stored events to Kafka at least once, in insertion order per key; consumers deduplicate by event
 * id.
 */
public interface Outbox {

  /** Stores the event for publication; returns its CloudEvents id. */
  String publish(DomainEvent event);
}
