package dev.aifactory.gateway.dataplane;

import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;

/** The endpoint a request addressed and the deployment chosen to answer it. */
public record ServingTarget(Endpoint endpoint, DeployedModel deployment) {

  public String variant() {
    return deployment.variant();
  }

  public int version() {
    return deployment.model().version();
  }
}
