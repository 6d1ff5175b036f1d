package dev.aifactory.training.run.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.training.Page;
import dev.aifactory.training.run.Iteration;
import dev.aifactory.training.run.ManualRunRequest;
import dev.aifactory.training.run.RunLogs;
import dev.aifactory.training.run.RunStatus;
import dev.aifactory.training.run.TrainingRun;
import dev.aifactory.training.run.TrainingRunManagement;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/training-runs")
class TrainingRunController {

  private final TrainingRunManagement management;
  private final JsonMapper json;

  TrainingRunController(TrainingRunManagement management, JsonMapper json) {
    this.management = management;
    this.json = json;
  }

  record TrainingRunBody(
      String modelGroup,
      String datasetId,
      Integer datasetVersion,
      String target,
      String objective,
      Map<String, Object> hyperparameters,
      String trigger,
      String reason) {}

  record TrainingRunResource(
      UUID id,
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
      RunStatus status,
      String error,
      Integer modelVersion,
      Map<String, Double> metrics,
      Long durationMs,
      Double cost,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      List<Map<String, Object>> iterations,
      List<String> rejectionReasons,
      String admissionDecisionId) {

    static TrainingRunResource of(TrainingRun r) {
      return new TrainingRunResource(
          r.id(),
          r.team(),
          r.modelGroup(),
          r.datasetId(),
          r.datasetVersion(),
          r.target(),
          r.objective(),
          r.hyperparameters(),
          r.trigger(),
          r.reason(),
          r.requestedBy(),
          r.decisionId(),
          r.status(),
          r.error(),
          r.modelVersion(),
          r.metrics(),
          r.durationMs(),
          r.cost(),
          r.createdAt(),
          r.startedAt(),
          r.finishedAt(),
          r.iterations().stream().map(TrainingRunResource::round).toList(),
          r.rejectionReasons(),
          "admitted".equals(r.admissionDecisionId()) ? null : r.admissionDecisionId());
    }

    /** {@code {"round": 3, "train-logloss": 0.41, "validation-logloss": 0.47}}. */
    private static Map<String, Object> round(Iteration it) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("round", it.round());
      row.putAll(it.metrics());
      return row;
    }
  }

  /** Queues a run; 202 because training happens later. Retries with the same key are safe. */
  @PostMapping
  ResponseEntity<TrainingRunResource> create(
      @RequestBody TrainingRunBody body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      Caller caller) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden("starting a training run needs the ml-engineer or admin role");
    }
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw ApiException.badRequest("Idempotency-Key", "must be 1 to 200 characters");
    }
    Map<String, String> hyperparameters = hyperparameters(body.hyperparameters());
    TrainingRunManagement.Submission submission =
        management.submit(
            new ManualRunRequest(
                caller.team(),
                caller.subject(),
                body.modelGroup(),
                body.datasetId(),
                body.datasetVersion(),
                body.target(),
                body.objective(),
                hyperparameters,
                body.trigger(),
                body.reason(),
                idempotencyKey,
                digest(body, hyperparameters)));
    TrainingRun run = submission.run();
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/training-runs/" + run.id()))
        .body(TrainingRunResource.of(run));
  }

  @GetMapping
  Page<TrainingRunResource> list(
      @RequestParam(required = false) String modelGroup,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size,
      Caller caller) {
    PageRequest request = new PageRequest(page, size);
    return management
        .runs(caller.team(), modelGroup, status(status), request.page(), request.size())
        .map(TrainingRunResource::of);
  }

  @GetMapping("/{id}")
  TrainingRunResource get(@PathVariable UUID id, Caller caller) {
    return TrainingRunResource.of(management.run(caller.team(), id));
  }

  static final int MAX_LOG_LINES = 1000;

  record LogPage(UUID runId, long offset, long nextOffset, long total, List<RunLogs.Line> lines) {}

  /**
   * The run's log from line {@code offset} (0-based), at most {@code limit} lines; poll again from
   * {@code nextOffset} to follow a run.
   */
  @GetMapping("/{id}/logs")
  LogPage logs(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "0") long offset,
      @RequestParam(defaultValue = "200") int limit,
      Caller caller) {
    if (offset < 0) {
      throw ApiException.badRequest("offset", "must be 0 or more");
    }
    if (limit < 1 || limit > MAX_LOG_LINES) {
      throw ApiException.badRequest("limit", "must be between 1 and " + MAX_LOG_LINES);
    }
    RunLogs.Lines lines = management.logs(caller.team(), id, offset, limit);
    return new LogPage(id, offset, offset + lines.lines().size(), lines.total(), lines.lines());
  }

  /** Cancels a queued or running run; 409 once it has finished. */
  @PostMapping("/{id}/cancel")
  TrainingRunResource cancel(@PathVariable UUID id, Caller caller) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden("cancelling a training run needs the ml-engineer or admin role");
    }
    return TrainingRunResource.of(management.cancel(caller.team(), id, caller.subject()));
  }

  private static RunStatus status(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return RunStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "status", "must be one of " + Arrays.toString(RunStatus.values()));
    }
  }

  /** JSON numbers, strings and booleans become the strings XGBoost parameters are. */
  private static Map<String, String> hyperparameters(Map<String, Object> values) {
    Map<String, String> out = new TreeMap<>();
    if (values == null) {
      return out;
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
        throw ApiException.badRequest(
            "hyperparameters." + e.getKey(), "must be a number or a string");
      }
      out.put(e.getKey(), String.valueOf(v));
    }
    return out;
  }

  /** Digest of the request as understood, so a replayed key can be matched to its body. */
  private String digest(TrainingRunBody body, Map<String, String> hyperparameters) {
    Object canonical =
        List.of(
            String.valueOf(body.modelGroup()),
            String.valueOf(body.datasetId()),
            String.valueOf(body.datasetVersion()),
            String.valueOf(body.target()),
            String.valueOf(body.objective()),
            hyperparameters,
            String.valueOf(body.trigger()),
            String.valueOf(body.reason()));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(json.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
