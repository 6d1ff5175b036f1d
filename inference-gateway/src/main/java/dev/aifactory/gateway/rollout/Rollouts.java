package dev.aifactory.gateway.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rollouts and their history. */
public interface Rollouts {

  /**
   * Stores a new rollout; a second active rollout of the same endpoint is refused with a 409
   * conflict (by a unique index, so two instances cannot both start one).
   */
  void insert(Rollout rollout);

  /** The rollout with its history. */
  Optional<Rollout> find(String id);

  /** The rollout, its row locked until the transaction ends (without history). */
  Optional<Rollout> lock(String id);

  /** The endpoint's running or paused rollout, locked. */
  Optional<Rollout> lockActive(String endpoint);

  boolean hasActive(String endpoint);

  /** The endpoint's rollouts, newest first, with their history. */
  List<Rollout> page(String endpoint, int page, int size);

  long count(String endpoint);

  /** Saves state, step, bake start, remembered advance, reason and end time. */
  void update(Rollout rollout);

  void record(
      String rolloutId, String kind, Integer step, String decisionId, String actor, String detail);

  /** Running rollouts with a remembered advance whose bake time is over at {@code now}. */
  List<String> dueForAdvance(Instant now);
}
