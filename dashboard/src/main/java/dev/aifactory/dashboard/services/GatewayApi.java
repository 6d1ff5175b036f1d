package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;

/** inference-gateway's control plane: endpoints and what they serve. */
public final class GatewayApi {

  public record Deployment(
      String variant,
      String modelGroup,
      int version,
      String backend,
      double weight,
      Double shadowSampleRate) {

    public Deployment(
        String variant, String modelGroup, int version, String backend, double weight) {
      this(variant, modelGroup, version, backend, weight, null);
    }

    /** A shadow variant gets a copy of some requests and answers none. */
    public boolean shadow() {
      return shadowSampleRate != null;
    }
  }

  /** One thing that happened to a rollout: a step, a gate decision, a manual action. */
  public record RolloutEvent(
      Instant at, String kind, Integer step, String decisionId, String actor, String detail) {}

  /** A canary or linear rollout of a candidate version; {@code steps} are candidate weights (%). */
  public record Rollout(
      String id,
      String endpoint,
      String modelGroup,
      int candidateVersion,
      String candidateVariant,
      Integer championVersion,
      String championVariant,
      String strategy,
      List<Integer> steps,
      long bakeSeconds,
      String state,
      int currentStep,
      int candidateWeight,
      Instant stepStartedAt,
      Instant bakeEndsAt,
      boolean advanceRequested,
      String startedBy,
      String reason,
      Instant createdAt,
      Instant updatedAt,
      Instant finishedAt,
      List<RolloutEvent> history) {

    public Rollout {
      steps = steps == null ? List.of() : List.copyOf(steps);
      history = history == null ? List.of() : List.copyOf(history);
    }

    public boolean active() {
      return "running".equals(state) || "paused".equals(state);
    }

    public boolean paused() {
      return "paused".equals(state);
    }
  }

  /** How a shadow variant compares with what the endpoint serves, since the gateway started. */
  public record ShadowReport(
      String variant,
      int version,
      double sampleRate,
      long mirrored,
      long answered,
      long dropped,
      long errors,
      long timeouts,
      long rows,
      long agreeingRows,
      Double agreement,
      Double meanAbsoluteDifference,
      Double meanLatencyDeltaMs,
      Double meanShadowLatencyMs) {}

  public record Shadow(String endpoint, List<ShadowReport> shadows) {

    public Shadow {
      shadows = shadows == null ? List.of() : List.copyOf(shadows);
    }
  }

  /** One production variant of a SageMaker hosting. */
  public record HostingVariant(
      String variant, Integer version, String instanceType, Integer instanceCount, Double weight) {}

  /**
   * A SageMaker hosting of an endpoint: the gateway provisions the SageMaker endpoint step by step
   * and, once it serves, routes the endpoint to it.
   */
  public record Hosting(
      String id,
      String status,
      String sageMakerEndpoint,
      String sageMakerStatus,
      String failureReason,
      boolean route,
      List<HostingVariant> variants,
      String requestedBy,
      Instant createdAt,
      Instant updatedAt) {

    public Hosting {
      variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** Still on its way: the gateway's worker has steps left. */
    public boolean inProgress() {
      return switch (status == null ? "" : status) {
        case "REQUESTED", "CREATING", "CANCELLING", "DELETING" -> true;
        default -> false;
      };
    }

    /** How its status badge reads: under way, serving, torn down, or failed. */
    public String badge() {
      if (inProgress()) {
        return "rolling-out";
      }
      return switch (status) {
        case "ROUTED", "IN_SERVICE" -> "allow";
        case "DELETED" -> "idle";
        default -> "deny";
      };
    }
  }

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

  /** What an endpoint does when its group's champion moves: instant, canary or linear. */
  public record ChampionRollout(String strategy, List<Integer> steps, Long bakeSeconds) {}

  /** The body of {@code POST /api/v1/endpoints}. */
  public record NewEndpoint(
      String name, String modelGroup, Double captureSampleRate, ChampionRollout championRollout) {}

  private final ServiceClient client;

  GatewayApi(ServiceClient client) {
    this.client = client;
  }

  public Page<Endpoint> endpoints(String token) {
    return client.get(
        token, new ParameterizedTypeReference<Page<Endpoint>>() {}, "/api/v1/endpoints?size=200");
  }

  public Endpoint createEndpoint(String token, NewEndpoint endpoint) {
    return client.post(token, endpoint, Endpoint.class, "/api/v1/endpoints");
  }

  public Endpoint endpoint(String token, String name) {
    return client.get(token, Endpoint.class, "/api/v1/endpoints/{name}", name);
  }

  /** The endpoint's rollouts, newest first. */
  public Page<Rollout> rollouts(String token, String name) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<Rollout>>() {},
        "/api/v1/endpoints/{name}/rollouts?size=20",
        name);
  }

  /** {@code pause}, {@code resume} or {@code abort}; the gateway checks the role and the state. */
  public Rollout rolloutAction(String token, String name, String id, String action) {
    return client.post(
        token,
        java.util.Map.of(),
        java.util.Map.of(),
        Rollout.class,
        "/api/v1/endpoints/{name}/rollouts/{id}/{action}",
        name,
        id,
        action);
  }

  /** The endpoint's SageMaker hostings, newest first. */
  public Page<Hosting> hostings(String token, String name) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<Hosting>>() {},
        "/api/v1/endpoints/{name}/sagemaker-hostings?size=10",
        name);
  }

  public Shadow shadow(String token, String name) {
    return client.get(token, Shadow.class, "/api/v1/endpoints/{name}/shadow", name);
  }
}
