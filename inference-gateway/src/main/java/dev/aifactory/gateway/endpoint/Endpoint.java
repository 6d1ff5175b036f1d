package dev.aifactory.gateway.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named inference endpoint of a team, bound to a model group: it serves that group's champion.
 * {@code captureSampleRate} is the share of requests whose rows are captured for monitoring; {@code
 * quota} (nullable) limits its request rate; {@code championRollout} (nullable = switch at once) is
 * the plan a new champion is rolled out with; {@code publicEndpoint} says it is reachable from
 * outside the platform, which deployment admission at policy weighs (e.g. against PII data).
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
    Quota quota,
    RolloutPlan championRollout,
    boolean publicEndpoint) {

  /** DNS-label-like, so the name works in URLs, metrics and SageMaker-style clients. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public static final double DEFAULT_CAPTURE_SAMPLE_RATE = 0.1;

  public Endpoint {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
  }

  /** An endpoint reachable only inside the platform (the default). */
  public Endpoint(
      String name,
      String team,
      String modelGroup,
      double captureSampleRate,
      String createdBy,
      List<DeployedModel> deployments,
      Instant createdAt,
      Instant updatedAt,
      Quota quota,
      RolloutPlan championRollout) {
    this(
        name,
        team,
        modelGroup,
        captureSampleRate,
        createdBy,
        deployments,
        createdAt,
        updatedAt,
        quota,
        championRollout,
        false);
  }

  /** An endpoint that switches to a new champion at once. */
  public Endpoint(
      String name,
      String team,
      String modelGroup,
      double captureSampleRate,
      String createdBy,
      List<DeployedModel> deployments,
      Instant createdAt,
      Instant updatedAt,
      Quota quota) {
    this(
        name,
        team,
        modelGroup,
        captureSampleRate,
        createdBy,
        deployments,
        createdAt,
        updatedAt,
        quota,
        null);
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
        null,
        null);
  }

  public boolean isDeployed() {
    return !deployments.isEmpty();
  }

  public boolean hasShadows() {
    for (DeployedModel d : deployments) {
      if (d.isShadow()) {
        return true;
      }
    }
    return false;
  }

  /** The variant taking most of the traffic (the champion during a rollout), if deployed. */
  public java.util.Optional<DeployedModel> mainDeployment() {
    return deployments.stream()
        .filter(d -> !d.isShadow())
        .max(
            java.util.Comparator.comparingDouble(DeployedModel::weight)
                .thenComparing(d -> DeployedModel.PRIMARY.equals(d.variant())));
  }
}
