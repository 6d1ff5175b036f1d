package dev.aifactory.gateway.rollout;

import dev.aifactory.gateway.endpoint.RolloutPlan;
import java.time.Instant;
import java.util.List;

/**
 * A rollout plan in progress or finished: the candidate version of an endpoint's group taking over
 * from the champion variant step by step. {@code stepStartedAt + plan.bakeSeconds} is the earliest
 * moment the current step may advance; {@code advanceRequested} remembers a gate decision for the
 * current step that arrived earlier. {@code shadowSampleRate} is the share of requests a {@code
 * shadow} plan's candidate gets copies of while it is a shadow (step weight 0).
 */
public record Rollout(
    String id,
    String endpoint,
    String team,
    String modelGroup,
    int candidateVersion,
    String candidateVariant,
    Integer championVersion,
    String championVariant,
    RolloutPlan plan,
    Double shadowSampleRate,
    State state,
    int currentStep,
    Instant stepStartedAt,
    boolean advanceRequested,
    String advanceDecision,
    String startedBy,
    String reason,
    Instant createdAt,
    Instant updatedAt,
    Instant finishedAt,
    List<HistoryEntry> history) {

  public enum State {
    RUNNING,
    PAUSED,
    COMPLETED,
    ROLLED_BACK;

    public boolean active() {
      return this == RUNNING || this == PAUSED;
    }
  }

  /** One thing that happened to the rollout, in order: steps, gate decisions, manual actions. */
  public record HistoryEntry(
      Instant at, String kind, Integer step, String decisionId, String actor, String detail) {}

  public Rollout {
    history = history == null ? List.of() : List.copyOf(history);
  }

  public boolean isActive() {
    return state.active();
  }

  /** The candidate's share of traffic now, in percent. */
  public int candidateWeight() {
    return switch (state) {
      case COMPLETED -> 100;
      case ROLLED_BACK -> 0;
      default -> plan.weightAt(currentStep);
    };
  }

  public boolean onLastStep() {
    return currentStep >= plan.lastStep();
  }

  public Instant bakeEndsAt() {
    return stepStartedAt.plusSeconds(plan.bakeSeconds());
  }

  public boolean baked(Instant now) {
    return !now.isBefore(bakeEndsAt());
  }

  Rollout with(
      State newState,
      int step,
      Instant startedAt,
      boolean advance,
      String decision,
      String newReason,
      Instant finished) {
    return new Rollout(
        id,
        endpoint,
        team,
        modelGroup,
        candidateVersion,
        candidateVariant,
        championVersion,
        championVariant,
        plan,
        shadowSampleRate,
        newState,
        step,
        startedAt,
        advance,
        decision,
        startedBy,
        newReason,
        createdAt,
        Instant.now(),
        finished,
        history);
  }
}
