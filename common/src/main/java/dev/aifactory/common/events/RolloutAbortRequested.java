package dev.aifactory.common.events;

import java.util.List;

/**
 * The rollout gate failed (enforce mode): the gateway must roll the endpoint back to the champion.
 */
public record RolloutAbortRequested(
    String team,
    String endpoint,
    String rolloutId,
    int step,
    String decisionId,
    List<String> reasons)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "policy.rollout-abort-requested";
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
