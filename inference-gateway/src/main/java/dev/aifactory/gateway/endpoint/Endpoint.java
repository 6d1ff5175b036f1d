package dev.aifactory.gateway.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named inference endpoint of a team, bound to a model group: it serves that group's champion.
 * {@code captureSampleRate} is the share of requests whose rows are captured for monitoring; {@code
 * quota} (nullable) limits its request rate.
 */
public record Endpoint(
    String name,
    String team,
    String modelGroup,
    double captureSampleRate,
    String createdBy,
    List<DeployedModel> deployments,
    Instant createdAt,
    Instant updatedAt,
    Quota quota) {

  /** DNS-label-like, so the name works in URLs, metrics and SageMaker-style clients. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public static final double DEFAULT_CAPTURE_SAMPLE_RATE = 0.1;

  public Endpoint {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
  }

  /** An endpoint without a request quota. */
  public Endpoint(
      String name,
      String team,
      String modelGroup,
      double captureSampleRate,
      String createdBy,
      List<DeployedModel> deployments,
      Instant createdAt,
      Instant updatedAt) {
    this(
        name,
        team,
        modelGroup,
        captureSampleRate,
        createdBy,
        deployments,
        createdAt,
        updatedAt,
        null);
  }

  public boolean isDeployed() {
    return !deployments.isEmpty();
  }
}
