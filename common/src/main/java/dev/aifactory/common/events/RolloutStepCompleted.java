package dev.aifactory.common.events;

/**
 * A rollout moved to step {@code step} (0-based): the candidate now takes {@code candidateWeight}
 * percent of the traffic.
 */
public record RolloutStepCompleted(
    String team,
    String endpoint,
    String rolloutId,
    String modelGroup,
    int candidateVersion,
    int step,
    int candidateWeight,
    String decisionId)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "endpoint.rollout-step-completed";
  }

  @Override
  public String topic() {
    return Topics.ENDPOINTS;
  }

  @Override
  public String key() {
    return endpoint;
  }
}
