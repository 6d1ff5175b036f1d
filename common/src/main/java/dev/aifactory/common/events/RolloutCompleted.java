package dev.aifactory.common.events;

/** A rollout finished: the candidate serves all traffic and is the endpoint's primary variant. */
public record RolloutCompleted(
    String team, String endpoint, String rolloutId, String modelGroup, int candidateVersion)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "endpoint.rollout-completed";
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
