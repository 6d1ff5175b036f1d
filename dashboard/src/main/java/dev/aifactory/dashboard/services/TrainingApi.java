package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;

/** training-service: model registry (groups, versions, aliases) and training runs. */
public final class TrainingApi {

  public record ModelGroup(String name, String team, Instant createdAt) {}

  public record GroupDetails(
      String name, String team, Instant createdAt, Map<String, Integer> aliases, Integer latest) {

    public Integer champion() {
      return aliases == null ? null : aliases.get("champion");
    }
  }

  public record VersionSummary(
      String modelGroup,
      int version,
      String status,
      Map<String, Double> metrics,
      String trigger,
      Instant createdAt) {}

  public record Feature(String name, String type, List<String> categories) {}

  public record Lineage(
      String datasetId,
      int datasetVersion,
      String runId,
      Map<String, String> params,
      String trigger) {}

  public record ModelVersion(
      String modelGroup,
      int version,
      String team,
      String status,
      String objective,
      String target,
      Map<String, Double> metrics,
      String artifactUri,
      String artifactSha256,
      String baselineUri,
      List<String> tags,
      List<Feature> featureSchema,
      Lineage lineage,
      String decisionId,
      Instant createdAt,
      Instant decidedAt) {

    public boolean approved() {
      return "APPROVED".equals(status);
    }
  }

  public record TrainingRun(
      String id,
      String team,
      String modelGroup,
      String datasetId,
      int datasetVersion,
      String target,
      String objective,
      Map<String, String> hyperparameters,
      String trigger,
      String reason,
      String requestedBy,
      String decisionId,
      String status,
      String error,
      Integer modelVersion,
      Map<String, Double> metrics,
      Long durationMs,
      Double cost,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      List<Map<String, Object>> iterations) {

    public TrainingRun {
      iterations = iterations == null ? List.of() : List.copyOf(iterations);
    }

    /** Queued or running: the page keeps polling, and ml-engineers may cancel it. */
    public boolean active() {
      return "QUEUED".equals(status) || "RUNNING".equals(status);
    }
  }

  /** What a person asks training to do from the trigger form. */
  public record RunRequest(
      String modelGroup,
      String datasetId,
      Integer datasetVersion,
      String target,
      String objective,
      Map<String, Object> hyperparameters,
      String trigger,
      String reason) {}

  /** One line of a run's log, with its time and level when training gives them. */
  public record LogLine(String at, String level, String message) {}

  record AliasBody(int version) {}

  private final ServiceClient client;

  TrainingApi(ServiceClient client) {
    this.client = client;
  }

  public Page<ModelGroup> groups(String token) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<ModelGroup>>() {},
        "/api/v1/model-groups?size=200");
  }

  public GroupDetails group(String token, String name) {
    return client.get(token, GroupDetails.class, "/api/v1/model-groups/{name}", name);
  }

  public Page<VersionSummary> versions(String token, String group) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<VersionSummary>>() {},
        "/api/v1/model-groups/{name}/versions?size=200",
        group);
  }

  public ModelVersion version(String token, String group, int version) {
    return client.get(
        token,
        ModelVersion.class,
        "/api/v1/model-groups/{name}/versions/{version}",
        group,
        version);
  }

  /** Moves the {@code champion} alias; training refuses versions that are not APPROVED. */
  public GroupDetails makeChampion(String token, String group, int version) {
    return client.put(
        token,
        new AliasBody(version),
        GroupDetails.class,
        "/api/v1/model-groups/{name}/aliases/champion",
        group);
  }

  public Page<TrainingRun> runs(String token, String modelGroup) {
    if (modelGroup == null || modelGroup.isBlank()) {
      return client.get(
          token,
          new ParameterizedTypeReference<Page<TrainingRun>>() {},
          "/api/v1/training-runs?size=100");
    }
    return client.get(
        token,
        new ParameterizedTypeReference<Page<TrainingRun>>() {},
        "/api/v1/training-runs?size=100&modelGroup={group}",
        modelGroup);
  }

  public TrainingRun run(String token, String id) {
    return client.get(token, TrainingRun.class, "/api/v1/training-runs/{id}", id);
  }

  /**
   * A run's log lines. Read loosely, since the route is new: a JSON list of strings or of {@code
   * {at|timestamp, level, message|line}} objects, an object holding such a list under {@code
   * lines}, {@code items}, {@code logs} or {@code entries}, or plain text.
   */
  public List<LogLine> logs(String token, String id) {
    return LogLines.parse(client.getText(token, "/api/v1/training-runs/{id}/logs", id));
  }

  /** Queues a run; the key makes a resubmitted form start it only once. */
  public TrainingRun start(String token, RunRequest request, String idempotencyKey) {
    return client.post(
        token,
        Map.of("Idempotency-Key", idempotencyKey),
        request,
        TrainingRun.class,
        "/api/v1/training-runs");
  }

  /** Cancels a queued or running run; training answers 409 once it has finished. */
  public TrainingRun cancel(String token, String id) {
    return client.post(token, Map.of(), TrainingRun.class, "/api/v1/training-runs/{id}/cancel", id);
  }
}
