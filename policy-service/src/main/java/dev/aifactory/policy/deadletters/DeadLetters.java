package dev.aifactory.policy.deadletters;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Stored dead letters. */
public interface DeadLetters {

  /** Stores the record unless this parked record is already known; true if stored. */
  boolean add(DeadLetter letter);

  /** Newest first; {@code team} null means every team's. */
  Paged<DeadLetter> find(String team, PageRequest page);

  Optional<DeadLetter> lock(UUID id);

  /**
   * Queues the original event for re-publication on its topic through the outbox, under its
   * original CloudEvents id when it has one (consumers that processed it already skip it).
   */
  void republish(DeadLetter letter, String cloudEventId);

  void replayed(UUID id, String by, Instant at);
}
