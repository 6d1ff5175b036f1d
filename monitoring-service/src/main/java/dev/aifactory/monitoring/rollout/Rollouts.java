package dev.aifactory.monitoring.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rollouts known from the gateway's events. */
public interface Rollouts {

  /** Records a started rollout; a rollout id seen before is left as it is. */
  void start(Rollout rollout, Instant at);

  /** Marks the rollout finished (completed or rolled back); unknown ids are ignored. */
  void end(String rolloutId);

  /** The active rollout whose candidate is this variant and version of the endpoint, if any. */
  Optional<Rollout> activeFor(String team, String endpoint, String variant, int version);

  /**
   * Active rollouts whose champion is this variant and version of the endpoint (a rollout that did
   * not name the champion's version matches any version of the variant).
   */
  List<Rollout> activeWithChampion(String team, String endpoint, String variant, int version);
}
