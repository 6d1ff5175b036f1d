package dev.aifactory.training.run;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.events.TrainingRunFailed;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.common.events.TrainingRunStarted;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.training.Page;
import dev.aifactory.training.TrainingProperties;
import dev.aifactory.training.dataset.DatasetProjection;
import dev.aifactory.training.dataset.DatasetVersion;
import dev.aifactory.training.registry.GroupOwnedElsewhere;
import dev.aifactory.training.registry.ModelRegistry;
import dev.aifactory.training.registry.NewModelVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts run requests (events and API), hands queued runs to the launcher and records the outcome
 * together with its events: a success registers the model version, publishes {@code
 * training.run-completed} and {@code model.version-registered} in one transaction.
 */
@Service
public class TrainingRunManagement {

  private static final Logger log = LoggerFactory.getLogger(TrainingRunManagement.class);

  /** Also a safe directory name: the group names the model store folder. */
  static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  static final Set<String> TRIGGERS = Set.of("manual", "ci", "drift", "schedule", "data");
  static final Set<String> API_TRIGGERS = Set.of("manual", "ci");

  private final TrainingRuns runs;
  private final DatasetProjection datasets;
  private final ModelRegistry registry;
  private final TrainingLauncher launcher;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final RunMetrics metrics;
  private final double cpuSecondUsd;

  TrainingRunManagement(
      TrainingRuns runs,
      DatasetProjection datasets,
      ModelRegistry registry,
      TrainingLauncher launcher,
      Outbox outbox,
      PlatformTransactionManager transactions,
      RunMetrics metrics,
      TrainingProperties properties) {
    this.runs = runs;
    this.datasets = datasets;
    this.registry = registry;
    this.launcher = launcher;
    this.outbox = outbox;
    this.tx = new TransactionTemplate(transactions);
    this.metrics = metrics;
    this.cpuSecondUsd = properties.training().cost().cpuSecondUsd();
  }

  /**
   * A {@code training.run-requested} event: queues a run, once per request id. A request that
   * cannot be trained as asked becomes a FAILED run with the reason, so the requester learns why.
   */
  @Transactional
  public TrainingRun requested(TrainingRunRequested r) {
    Optional<TrainingRun> existing = runs.findByRequestId(r.requestId());
    if (existing.isPresent()) {
      return existing.get();
    }
    String problem = null;
    Map<String, String> hyperparameters = r.hyperparameters();
    try {
      hyperparameters = Hyperparameters.validate(r.hyperparameters());
    } catch (Hyperparameters.Invalid e) {
      problem = e.getMessage();
    }
    if (r.modelGroup() == null || !GROUP_NAME.matcher(r.modelGroup()).matches()) {
      problem = "model group name '" + r.modelGroup() + "' is not valid";
    } else if (Objective.parse(r.objective()).isEmpty()) {
      problem = "objective '" + r.objective() + "' is not one of binary, regression";
    } else if (r.target() == null || r.target().isBlank()) {
      problem = "the request names no target column";
    } else if (problem == null && !registry.claimGroup(r.team(), r.modelGroup())) {
      problem = new GroupOwnedElsewhere(r.modelGroup()).getMessage();
    }
    String trigger = TRIGGERS.contains(r.trigger()) ? r.trigger() : "manual";
    TrainingRunSpec spec =
        new TrainingRunSpec(
            r.team(),
            r.requestId(),
            null,
            r.modelGroup() == null ? "" : r.modelGroup(),
            r.datasetId(),
            r.datasetVersion(),
            r.datasetLocation(),
            r.datasetTags(),
            r.target() == null ? "" : r.target(),
            r.objective() == null ? "" : r.objective(),
            hyperparameters,
            trigger,
            r.reason(),
            r.requestedBy(),
            r.decisionId());
    UUID id = UUID.randomUUID();
    RunStatus status = problem == null ? RunStatus.QUEUED : RunStatus.FAILED;
    if (!runs.create(id, spec, status, problem)) {
      return runs.findByRequestId(r.requestId()).orElseThrow();
    }
    TrainingRun run = runs.find(id).orElseThrow();
    metrics.status(run, status);
    if (problem != null) {
      outbox.publish(
          new TrainingRunFailed(run.team(), id.toString(), run.modelGroup(), problem, 0, trigger));
    }
    return run;
  }

  /** Outcome of an API submission: the run, and whether this request created it. */
  public record Submission(TrainingRun run, boolean created) {}

  /**
   * A run asked for through the API: validated against the dataset projection, queued, and
   * announced as {@code training.run-requested} like any other request.
   */
  @Transactional
  public Submission submit(ManualRunRequest m) {
    String requestId =
        m.idempotencyKey() == null
            ? UUID.randomUUID().toString()
            : "api:" + m.team() + ":" + m.idempotencyKey();
    Optional<Submission> replay = replay(requestId, m);
    if (replay.isPresent()) {
      return replay.get();
    }
    Map<String, String> hyperparameters = validate(m);
    DatasetVersion dataset =
        datasets
            .visible(m.team(), m.datasetId(), m.datasetVersion())
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "Dataset",
                        m.datasetId()
                            + (m.datasetVersion() == null ? "" : "@" + m.datasetVersion())));
    if (dataset.column(m.target()).isEmpty()) {
      throw ApiException.badRequest(
          "target",
          "column '"
              + m.target()
              + "' is not in dataset "
              + dataset.datasetId()
              + " v"
              + dataset.version()
              + "; columns: "
              + dataset.columns().stream().map(ColumnSchema::name).toList());
    }
    if (!registry.claimGroup(m.team(), m.modelGroup())) {
      throw ApiException.conflict(new GroupOwnedElsewhere(m.modelGroup()).getMessage());
    }
    String trigger = m.trigger() == null ? "manual" : m.trigger();
    TrainingRunSpec spec =
        new TrainingRunSpec(
            m.team(),
            requestId,
            m.requestHash(),
            m.modelGroup(),
            dataset.datasetId(),
            dataset.version(),
            dataset.location(),
            dataset.tags(),
            m.target(),
            m.objective(),
            hyperparameters,
            trigger,
            m.reason(),
            m.requestedBy(),
            null);
    UUID id = UUID.randomUUID();
    if (!runs.create(id, spec, RunStatus.QUEUED, null)) {
      // A concurrent request with the same key won the race.
      return replay(requestId, m).orElseThrow();
    }
    TrainingRun run = runs.find(id).orElseThrow();
    metrics.status(run, RunStatus.QUEUED);
    outbox.publish(
        new TrainingRunRequested(
            run.team(),
            requestId,
            run.modelGroup(),
            run.datasetId(),
            run.datasetVersion(),
            run.datasetLocation(),
            run.datasetTags(),
            run.target(),
            run.objective(),
            run.hyperparameters(),
            trigger,
            run.reason(),
            run.requestedBy(),
            null));
    return new Submission(run, true);
  }

  private Optional<Submission> replay(String requestId, ManualRunRequest m) {
    if (m.idempotencyKey() == null) {
      return Optional.empty();
    }
    return runs.findByRequestId(requestId)
        .map(
            run -> {
              if (!Objects.equals(run.requestHash(), m.requestHash())) {
                throw ApiException.unprocessable(
                    "Idempotency-Key '"
                        + m.idempotencyKey()
                        + "' was used for a different request; use a new key");
              }
              return new Submission(run, false);
            });
  }

  private static Map<String, String> validate(ManualRunRequest m) {
    List<ApiException.FieldProblem> problems = new ArrayList<>();
    if (m.modelGroup() == null || !GROUP_NAME.matcher(m.modelGroup()).matches()) {
      problems.add(
          new ApiException.FieldProblem(
              "modelGroup",
              "must be 1-128 letters, digits, '-' or '_', starting with a letter or digit"));
    }
    if (m.datasetId() == null || m.datasetId().isBlank()) {
      problems.add(new ApiException.FieldProblem("datasetId", "is required"));
    }
    if (m.datasetVersion() != null && m.datasetVersion() < 1) {
      problems.add(new ApiException.FieldProblem("datasetVersion", "must be 1 or more"));
    }
    if (m.target() == null || m.target().isBlank()) {
      problems.add(new ApiException.FieldProblem("target", "is required"));
    }
    if (Objective.parse(m.objective()).isEmpty()) {
      problems.add(new ApiException.FieldProblem("objective", "must be one of binary, regression"));
    }
    if (m.trigger() != null && !API_TRIGGERS.contains(m.trigger())) {
      problems.add(new ApiException.FieldProblem("trigger", "must be one of manual, ci"));
    }
    Map<String, String> hyperparameters = Map.of();
    try {
      hyperparameters = Hyperparameters.validate(m.hyperparameters());
    } catch (Hyperparameters.Invalid e) {
      problems.add(
          new ApiException.FieldProblem("hyperparameters." + e.parameter(), e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(
          problems.size() == 1 ? problems.get(0).message() : "The request is invalid", problems);
    }
    return hyperparameters;
  }

  @Transactional(readOnly = true)
  public TrainingRun run(String team, UUID id) {
    return runs.find(id)
        .filter(r -> r.team().equals(team))
        .orElseThrow(() -> ApiException.notFound("Training run", id.toString()));
  }

  @Transactional(readOnly = true)
  public Page<TrainingRun> runs(
      String team, String modelGroup, RunStatus status, int page, int size) {
    return runs.list(team, modelGroup, status, page, size);
  }

  /** Claims queued runs for this process's workers and announces them as started. */
  @Transactional
  public List<TrainingRun> claim(int limit) {
    List<TrainingRun> claimed = runs.claimQueued(limit);
    for (TrainingRun run : claimed) {
      metrics.status(run, RunStatus.RUNNING);
      outbox.publish(
          new TrainingRunStarted(
              run.team(), run.id().toString(), run.modelGroup(), run.requestId(), run.trigger()));
    }
    return claimed;
  }

  /** Runs left RUNNING by a process that died go back to the queue; {@code live} are ours. */
  @Transactional
  public int requeueInterrupted(Collection<UUID> live) {
    int requeued = runs.requeueRunning(live);
    if (requeued > 0) {
      log.info("Re-queued {} training run(s) interrupted by a restart", requeued);
    }
    return requeued;
  }

  /** Trains a claimed run and records the outcome. Never throws for a training problem. */
  public void execute(TrainingRun run) {
    long started = System.nanoTime();
    TrainedModel model;
    try {
      model = launcher.train(job(run));
    } catch (TrainingFailure e) {
      fail(run, e.getMessage(), started, 0);
      return;
    } catch (RuntimeException | LinkageError e) {
      log.error("Training run {} failed unexpectedly", run.id(), e);
      fail(run, "training failed unexpectedly: " + e, started, 0);
      return;
    }
    long durationMs = elapsedMs(started);
    double cost = model.cpuSeconds() * cpuSecondUsd;
    try {
      tx.executeWithoutResult(s -> complete(run, model, durationMs, cost));
      metrics.finished(run, RunStatus.SUCCEEDED, durationMs);
    } catch (GroupOwnedElsewhere e) {
      fail(run, e.getMessage(), started, cost);
    } catch (RuntimeException e) {
      log.error("Registering the model of run {} failed", run.id(), e);
      fail(run, "registering the model failed: " + e.getMessage(), started, cost);
    }
  }

  private TrainingJob job(TrainingRun run) {
    Optional<DatasetVersion> dataset =
        datasets.visible(run.team(), run.datasetId(), run.datasetVersion());
    String location = run.datasetLocation();
    if (location == null) {
      location =
          dataset
              .map(DatasetVersion::location)
              .orElseThrow(
                  () ->
                      new TrainingFailure(
                          "dataset "
                              + run.datasetId()
                              + " v"
                              + run.datasetVersion()
                              + " is unknown to training and the request carried no location"));
    }
    Map<String, String> columnTypes = new LinkedHashMap<>();
    dataset.ifPresent(d -> d.columns().forEach(c -> columnTypes.put(c.name(), c.type())));
    return new TrainingJob(
        run.id(),
        run.modelGroup(),
        location,
        run.target(),
        Objective.parse(run.objective()).orElseThrow(),
        run.hyperparameters(),
        columnTypes.isEmpty() ? null : columnTypes);
  }

  private void complete(TrainingRun run, TrainedModel model, long durationMs, double cost) {
    ModelRegistry.Registration registration =
        registry.register(
            new NewModelVersion(
                run.team(),
                run.modelGroup(),
                run.id(),
                run.datasetId(),
                run.datasetVersion(),
                run.objective(),
                run.target(),
                run.trigger(),
                run.datasetTags(),
                model.model(),
                model.metrics(),
                model.featureSchema(),
                model.baseline(),
                model.params(),
                model.labelMapping()));
    int version = registration.version().version();
    runs.succeeded(run.id(), version, registration.version().metrics(), durationMs, cost);
    outbox.publish(
        new TrainingRunCompleted(
            run.team(),
            run.id().toString(),
            run.modelGroup(),
            version,
            registration.version().metrics(),
            durationMs,
            cost,
            run.trigger()));
  }

  private void fail(TrainingRun run, String error, long started, double cost) {
    long durationMs = elapsedMs(started);
    log.info("Training run {} of {} failed: {}", run.id(), run.modelGroup(), error);
    tx.executeWithoutResult(
        s -> {
          runs.failed(run.id(), error, durationMs, cost);
          outbox.publish(
              new TrainingRunFailed(
                  run.team(),
                  run.id().toString(),
                  run.modelGroup(),
                  error,
                  durationMs,
                  run.trigger()));
        });
    metrics.finished(run, RunStatus.FAILED, durationMs);
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
