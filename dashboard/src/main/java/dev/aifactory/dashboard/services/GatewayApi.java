package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;

/** inference-gateway's control plane: endpoints and what they serve. */
public final class GatewayApi {

  public record Deployment(
      String variant, String modelGroup, int version, String backend, double weight) {}

  public record Endpoint(
      String name,
      String team,
      String modelGroup,
      double captureSampleRate,
      List<Deployment> deployments,
      Instant createdAt,
      Instant updatedAt) {

    public Endpoint {
      deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }
  }

  private final ServiceClient client;

  GatewayApi(ServiceClient client) {
    this.client = client;
  }

  public Page<Endpoint> endpoints(String token) {
    return client.get(
        token, new ParameterizedTypeReference<Page<Endpoint>>() {}, "/api/v1/endpoints?size=200");
  }

  public Endpoint endpoint(String token, String name) {
    return client.get(token, Endpoint.class, "/api/v1/endpoints/{name}", name);
  }
}
