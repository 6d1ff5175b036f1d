package dev.aifactory.common.inbox;

import dev.aifactory.common.events.IncomingEvent;

/**
 * Idempotent consumption. {@link #once} runs the effect in a transaction together with recording
 * {@code (consumer, event id)}; a redelivered event finds the record and has no second effect.
 */
public interface Inbox {

  /**
   * Runs {@code effect} unless this consumer already processed the event.
   *
   * @return true if the effect ran now, false if the event was a duplicate
   */
  boolean once(String consumer, IncomingEvent event, Runnable effect);
}
