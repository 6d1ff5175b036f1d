package dev.aifactory.common.events;

/**
 * A rollout was aborted and all traffic returned to the champion; {@code reason} says why in words,
 * {@code decisionId} names the policy decision when one asked for it.
 */
public record RolledBack(
    String team,
    String endpoint,
    String rolloutId,
    String modelGroup,
    int candidateVersion,
    Integer championVersion,
    String reason,
    String decisionId,
    String requestedBy)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "endpoint.rolled-back";
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
