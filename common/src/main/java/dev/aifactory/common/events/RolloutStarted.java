package dev.aifactory.common.events;

import java.util.List;

/**
 * The gateway started a rollout plan moving an endpoint from the champion to a candidate version.
 * {@code steps} are the candidate's traffic percentages in order (e.g. 10, 100); {@code strategy}
 * is all-at-once, canary, linear or shadow.
 */
public record RolloutStarted(
    String team,
    String endpoint,
    String rolloutId,
    String modelGroup,
    int candidateVersion,
    String candidateVariant,
    Integer championVersion,
    String championVariant,
    String strategy,
    List<Integer> steps,
    long bakeSeconds,
    String startedBy)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "endpoint.rollout-started";
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
