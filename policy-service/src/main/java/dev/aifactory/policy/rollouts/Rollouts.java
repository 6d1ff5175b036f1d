package dev.aifactory.policy.rollouts;

import java.time.Instant;
import java.util.Optional;

/** Tracked rollouts. */
public interface Rollouts {

  /** Stores a started rollout; false if it was already known (a redelivery). */
  boolean start(Rollout rollout);

  /** The rollout, locked until the transaction ends. */
  Optional<Rollout> lock(String rolloutId);

  /**
   * The active rollout of this endpoint whose candidate is {@code variant} at {@code version},
   * locked until the transaction ends.
   */
  Optional<Rollout> lockActiveCandidate(String team, String endpoint, String variant, int version);

  void stepCompleted(String rolloutId, int step, int weight, Instant at);

  void status(String rolloutId, Rollout.Status status);

  void windowEvaluated(String rolloutId, Instant windowTo);

  void advanceRequested(String rolloutId, int step);

  /** The team's rollouts, newest first, at most {@code limit}. */
  java.util.List<Rollout> list(String team, int limit);
}
