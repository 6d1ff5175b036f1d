package dev.aifactory.common.events;

import java.util.List;

/**
 * The rollout gate passed for step {@code step} of a rollout; the gateway advances once the step's
 * bake time is over.
 */
public record RolloutAdvanceRequested(
    String team,
    String endpoint,
    String rolloutId,
    int step,
    String decisionId,
    List<String> reasons)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "policy.rollout-advance-requested";
  }

  @Override
  public String topic() {
    return Topics.POLICY;
  }

  @Override
  public String key() {
    return endpoint;
  }
}
