package dev.aifactory.common.events;

import java.util.List;

/** The gateway changed what an endpoint serves. */
public record EndpointDeploymentUpdated(
    String team, String endpoint, List<Deployment> deployments, String rolloutId, String reason)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "endpoint.deployment-updated";
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
