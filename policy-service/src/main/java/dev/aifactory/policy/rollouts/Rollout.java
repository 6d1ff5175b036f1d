package dev.aifactory.policy.rollouts;

import java.time.Instant;
import java.util.List;

/**
 * A rollout as policy knows it from the gateway's events: the candidate being moved in, the plan's
 * steps (candidate traffic percentages), the current step and since when it holds ({@code
 * stepStartedAt}, the step event's time), and what the gate already did for it.
 */
public record Rollout(
    String rolloutId,
    String team,
    String endpoint,
    String modelGroup,
    int candidateVersion,
    String candidateVariant,
    Integer championVersion,
    String championVariant,
    String strategy,
    List<Integer> steps,
    int step,
    int weight,
    Status status,
    Integer advanceRequestedStep,
    Instant lastWindowTo,
    Instant stepStartedAt) {

  public enum Status {
    ACTIVE,
    /** The gate asked for an abort; the gateway's rolled-back event ends it. */
    ABORTING,
    COMPLETED,
    ROLLED_BACK;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Status of(String id) {
      return valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
  }
}
