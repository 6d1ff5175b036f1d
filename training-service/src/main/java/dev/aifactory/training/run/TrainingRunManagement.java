package dev.aifactory.training.run;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.TrainingRunCancelled;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.events.TrainingRunFailed;
import dev.aifactory.common.events.TrainingRunRejected;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.common.events.TrainingRunStarted;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.training.Page;
import dev.aifactory.training.TrainingProperties;
import dev.aifactory.training.admission.AdmissionUnavailable;
import dev.aifactory.training.dataset.DatasetProjection;
import dev.aifactory.training.dataset.DatasetVersion;
import dev.aifactory.training.registry.GroupOwnedElsewhere;
import dev.aifactory.training.registry.ModelRegistry;
import dev.aifactory.training.registry.NewModelVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
  private final RunAdmission admission;
  private final RunLogs logs;
  private final int logEveryRounds;
  private final double cpuSecondUsd;
  private final Duration timeout;
  private final int maxAttempts;
  private final Clock clock = Clock.systemUTC();

  /** Runs of this process whose cancellation arrived here: their worker stops at the next round. */
  private final Set<UUID> stopRequested = ConcurrentHashMap.newKeySet();

  TrainingRunManagement(
      TrainingRuns runs,
      DatasetProjection datasets,
      ModelRegistry registry,
      TrainingLauncher launcher,
      Outbox outbox,
      PlatformTransactionManager transactions,
      RunMetrics metrics,
      RunAdmission admission,
      RunLogs logs,
      TrainingProperties properties) {
    this.runs = runs;
    this.datasets = datasets;
    this.registry = registry;
    this.launcher = launcher;
    this.outbox = outbox;
    this.tx = new TransactionTemplate(transactions);
    this.metrics = metrics;
    this.admission = admission;
    this.logs = logs;
    this.logEveryRounds = properties.training().logEveryRounds();
    this.cpuSecondUsd = properties.training().cost().cpuSecondUsd();
    this.timeout = properties.training().timeout();
    this.maxAttempts = Math.max(1, properties.training().maxAttempts());
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
      problem = "objective '" + r.objective() + "' is not one of " + Objective.CHOICES;
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
    logs.append(
        id,
        problem == null ? RunLogs.Level.INFO : RunLogs.Level.ERROR,
        problem == null
            ? "queued: " + trigger + " request " + r.requestId() + " by " + r.requestedBy()
            : "refused: " + problem);
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
    String datasetRef =
        m.datasetId() + (m.datasetVersion() == null ? "" : "@" + m.datasetVersion());
    DatasetVersion dataset =
        datasets
            .visible(m.team(), m.datasetId(), m.datasetVersion())
            .orElseThrow(() -> ApiException.notFound("Dataset", datasetRef));
    if (DatasetVersion.REJECTED_QUALITY.equals(dataset.qualityStatus())) {
      throw ApiException.badRequest(
          "datasetVersion",
          "dataset "
              + dataset.datasetId()
              + " v"
              + dataset.version()
              + " failed ingestion's quality checks ("
              + dataset.qualityStatus()
              + "); upload a corrected version");
    }
    m = withBindingDefaults(m, dataset);
    checkTarget(m, dataset);
    // Refused up front when ingestion says so now; checked again before launch either way.
    Optional<String> missingGrant =
        admission.missingGrant(m.team(), dataset.datasetId(), dataset.version(), m.requestedBy());
    if (missingGrant.isPresent()) {
      throw ApiException.forbidden(
          "datasetId: '%s' may not read dataset %s v%d: %s; a data engineer of team %s can grant READ"
              .formatted(
                  m.requestedBy(),
                  dataset.datasetId(),
                  dataset.version(),
                  missingGrant.get(),
                  m.team()));
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
            null,
            m.requestedBy());
    UUID id = UUID.randomUUID();
    if (!runs.create(id, spec, RunStatus.QUEUED, null)) {
      // A concurrent request with the same key won the race.
      return replay(requestId, m).orElseThrow();
    }
    TrainingRun run = runs.find(id).orElseThrow();
    metrics.status(run, RunStatus.QUEUED);
    logs.append(
        id,
        RunLogs.Level.INFO,
        "queued: " + trigger + " request by " + m.requestedBy() + " through the API");
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

  /** Target and objective the request left out come from the dataset's training binding. */
  private static ManualRunRequest withBindingDefaults(ManualRunRequest m, DatasetVersion dataset) {
    DatasetVersion.Binding binding = dataset.training();
    String target = m.target() != null ? m.target() : binding == null ? null : binding.target();
    String objective =
        m.objective() != null ? m.objective() : binding == null ? null : binding.objective();
    List<ApiException.FieldProblem> problems = new ArrayList<>();
    String why = " (dataset " + dataset.datasetId() + " has no training binding to take it from)";
    if (target == null) {
      problems.add(new ApiException.FieldProblem("target", "is required" + why));
    }
    if (objective == null || Objective.parse(objective).isEmpty()) {
      problems.add(
          new ApiException.FieldProblem(
              "objective",
              objective == null ? "is required" + why : "must be one of " + Objective.CHOICES));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems.get(0).message(), problems);
    }
    return new ManualRunRequest(
        m.team(),
        m.requestedBy(),
        m.modelGroup(),
        m.datasetId(),
        m.datasetVersion(),
        target,
        objective,
        m.hyperparameters(),
        m.trigger(),
        m.reason(),
        m.idempotencyKey(),
        m.requestHash());
  }

  /**
   * The target must exist and suit the objective: a number for regression, two values for binary.
   */
  private static void checkTarget(ManualRunRequest m, DatasetVersion dataset) {
    Optional<ColumnSchema> column = dataset.column(m.target());
    if (column.isEmpty()) {
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
    Objective objective = Objective.parse(m.objective()).orElseThrow();
    if (objective == Objective.REGRESSION && ColumnSchema.CATEGORICAL.equals(column.get().type())) {
      throw ApiException.badRequest(
          "target",
          "column '"
              + m.target()
              + "' is categorical; regression needs a numeric target (use objective binary for"
              + " a two-valued label)");
    }
    if (objective == Objective.MULTICLASS) {
      dataset
          .summary(m.target())
          .filter(s -> s.distinct() > Objective.MAX_CLASSES || s.distinct() < 2)
          .ifPresent(
              s -> {
                throw ApiException.badRequest(
                    "target",
                    "column '"
                        + m.target()
                        + "' has "
                        + s.distinct()
                        + " distinct values; multiclass needs 2 to "
                        + Objective.MAX_CLASSES
                        + " classes (use objective regression for a number)");
              });
    }
    if (objective == Objective.BINARY) {
      dataset
          .summary(m.target())
          .filter(s -> s.distinct() > 2)
          .ifPresent(
              s -> {
                throw ApiException.badRequest(
                    "target",
                    "column '"
                        + m.target()
                        + "' has "
                        + s.distinct()
                        + " distinct values; binary needs exactly two (use objective regression"
                        + " for a number)");
              });
    }
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
    if (m.target() != null && m.target().isBlank()) {
      problems.add(new ApiException.FieldProblem("target", "must not be blank"));
    }
    if (m.objective() != null && Objective.parse(m.objective()).isEmpty()) {
      problems.add(
          new ApiException.FieldProblem("objective", "must be one of " + Objective.CHOICES));
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
    // training.run-started follows admission (execute), so a rejected run never "started".
    List<TrainingRun> claimed = runs.claimQueued(limit);
    for (TrainingRun run : claimed) {
      metrics.status(run, RunStatus.RUNNING);
    }
    return claimed;
  }

  /** A page of the run's log, for {@code team}'s callers only (404 otherwise). */
  public RunLogs.Lines logs(String team, UUID id, long offset, int limit) {
    run(team, id);
    return logs.read(id, offset, limit);
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

  /**
   * Cancels a QUEUED or RUNNING run of {@code team}: it becomes CANCELLED at once; a worker
   * training it stops at its next round and registers nothing.
   *
   * @throws ApiException 404 for an unknown run, 409 for a finished one
   */
  @Transactional
  public TrainingRun cancel(String team, UUID id, String cancelledBy) {
    TrainingRun run = run(team, id);
    if (run.status().finished() || !runs.cancel(id, cancelledBy)) {
      TrainingRun now = runs.find(id).orElse(run);
      throw ApiException.conflict(
          "training run "
              + id
              + " has already finished ("
              + now.status()
              + "); only QUEUED or RUNNING runs can be cancelled");
    }
    if (run.status() == RunStatus.RUNNING) {
      stopRequested.add(id);
    }
    metrics.status(run, RunStatus.CANCELLED);
    TrainingRun cancelled = runs.find(id).orElseThrow();
    outbox.publish(
        new TrainingRunCancelled(
            run.team(),
            id.toString(),
            run.modelGroup(),
            cancelledBy,
            cancelled.error(),
            cancelled.durationMs() == null ? 0 : cancelled.durationMs(),
            run.trigger()));
    log.info("Training run {} of {} cancelled by {}", id, run.modelGroup(), cancelledBy);
    logs.append(id, RunLogs.Level.WARN, "cancelled by " + cancelledBy);
    return cancelled;
  }

  /** Trains a claimed run and records the outcome. Never throws for a training problem. */
  public void execute(TrainingRun run) {
    long started = System.nanoTime();
    RunWatch watch =
        new RunWatch(
            run.id(),
            runs,
            () -> stopRequested.contains(run.id()),
            clock,
            timeout,
            logs,
            logEveryRounds);
    try {
      if (!admit(run, started)) {
        return;
      }
      TrainedModel model;
      try {
        model = launcher.train(job(run), watch);
      } catch (TrainingStopped e) {
        stopped(run, watch, started);
        return;
      } catch (TrainingInfrastructureFailure e) {
        retryOrFail(run, e, started);
        return;
      } catch (TrainingFailure e) {
        fail(run, e.getMessage(), started, 0);
        return;
      } catch (RuntimeException | LinkageError e) {
        log.error("Training run {} failed unexpectedly", run.id(), e);
        fail(run, "training failed unexpectedly: " + e, started, 0);
        return;
      }
      long durationMs = elapsedMs(started);
      double cost = model.costUsd() != null ? model.costUsd() : model.cpuSeconds() * cpuSecondUsd;
      if (watch.overdue()) {
        fail(run, timeoutMessage(watch), started, cost);
        return;
      }
      if (!watch.flush()) {
        log.info("Training run {} was cancelled while it finished; nothing registered", run.id());
        return;
      }
      try {
        int version = tx.execute(s -> complete(run, model, durationMs, cost));
        metrics.finished(run, RunStatus.SUCCEEDED, durationMs);
        logs.append(
            run.id(),
            RunLogs.Level.INFO,
            "succeeded in "
                + durationMs
                + " ms: registered "
                + run.modelGroup()
                + " v"
                + version
                + " with "
                + model.metrics());
      } catch (RunNotRunning e) {
        log.info("Training run {} was cancelled while it finished; nothing registered", run.id());
      } catch (GroupOwnedElsewhere e) {
        fail(run, e.getMessage(), started, cost);
      } catch (RuntimeException e) {
        log.error("Registering the model of run {} failed", run.id(), e);
        fail(run, "registering the model failed: " + e.getMessage(), started, cost);
      }
    } finally {
      stopRequested.remove(run.id());
    }
  }

  /**
   * Admission before launch (once per run; a retry after an infrastructure failure keeps it). A
   * denied run ends REJECTED; a run policy or ingestion could not decide on waits in the queue.
   *
   * @return true when the run may launch; {@code training.run-started} is then published
   */
  private boolean admit(TrainingRun run, long started) {
    if (run.admissionDecisionId() == null && admission.enabled()) {
      Optional<DatasetVersion> dataset =
          datasets.visible(run.team(), run.datasetId(), run.datasetVersion());
      RunAdmission.Outcome outcome;
      try {
        outcome = admission.admit(run, dataset);
      } catch (AdmissionUnavailable e) {
        awaitAdmission(run, e, started);
        return false;
      } catch (Hyperparameters.Invalid e) {
        fail(run, e.getMessage(), started, 0);
        return false;
      }
      if (outcome instanceof RunAdmission.Rejected rejected) {
        reject(run, rejected, started);
        return false;
      }
      String decisionId = ((RunAdmission.Admitted) outcome).decisionId();
      runs.admitted(run.id(), decisionId);
      logs.append(run.id(), RunLogs.Level.INFO, "admitted (policy decision " + decisionId + ")");
    }
    logs.append(
        run.id(),
        RunLogs.Level.INFO,
        "training started (attempt "
            + run.attempts()
            + "): "
            + run.objective()
            + " on "
            + run.datasetId()
            + " v"
            + run.datasetVersion()
            + ", target "
            + run.target()
            + ", hyperparameters "
            + Hyperparameters.effective(run.hyperparameters()));
    tx.executeWithoutResult(
        s ->
            outbox.publish(
                new TrainingRunStarted(
                    run.team(),
                    run.id().toString(),
                    run.modelGroup(),
                    run.requestId(),
                    run.trigger())));
    return true;
  }

  private void reject(TrainingRun run, RunAdmission.Rejected rejected, long started) {
    long durationMs = elapsedMs(started);
    log.info("Training run {} of {} rejected: {}", run.id(), run.modelGroup(), rejected.reasons());
    logs.append(run.id(), RunLogs.Level.WARN, "rejected: " + String.join("; ", rejected.reasons()));
    boolean recorded =
        Boolean.TRUE.equals(
            tx.execute(
                s -> {
                  if (!runs.rejected(
                      run.id(), rejected.reasons(), rejected.decisionId(), durationMs)) {
                    return false; // cancelled meanwhile
                  }
                  outbox.publish(
                      new TrainingRunRejected(
                          run.team(),
                          run.id().toString(),
                          run.modelGroup(),
                          rejected.reasons(),
                          rejected.decisionId(),
                          durationMs,
                          run.trigger()));
                  return true;
                }));
    if (recorded) {
      metrics.finished(run, RunStatus.REJECTED, durationMs);
    }
  }

  /** Policy or ingestion is unreachable: not the run's fault, so it waits and asks again. */
  private void awaitAdmission(TrainingRun run, AdmissionUnavailable e, long started) {
    Duration waited = Duration.between(run.createdAt(), clock.instant());
    Duration giveUp = admission.properties().giveUpAfter();
    if (waited.compareTo(giveUp) > 0) {
      fail(
          run,
          "could not be admitted within "
              + giveUp.toString().substring(2).toLowerCase(Locale.ROOT)
              + " (aifactory.training.admission.give-up-after): "
              + e.getMessage(),
          started,
          0);
      return;
    }
    String note = "waiting for admission: " + e.getMessage();
    if (Boolean.TRUE.equals(
        tx.execute(
            s -> runs.awaitAdmission(run.id(), note, admission.properties().retryDelay())))) {
      log.warn("Training run {}: {}", run.id(), note);
      logs.append(run.id(), RunLogs.Level.WARN, note);
    }
  }

  private void stopped(TrainingRun run, RunWatch watch, long started) {
    if (watch.stop() == RunWatch.Stop.TIMED_OUT) {
      fail(run, timeoutMessage(watch), started, 0);
    } else {
      log.info("Training run {} stopped after round {}: cancelled", run.id(), watch.lastRound());
      logs.append(
          run.id(), RunLogs.Level.INFO, "stopped after round " + watch.lastRound() + ": cancelled");
    }
  }

  /** Infrastructure failures are worth another attempt; the data's and parameters' are not. */
  private void retryOrFail(TrainingRun run, TrainingInfrastructureFailure e, long started) {
    if (run.attempts() >= maxAttempts) {
      fail(run, e.getMessage() + " (gave up after " + run.attempts() + " attempts)", started, 0);
      return;
    }
    String note = "attempt " + run.attempts() + " failed, retrying: " + e.getMessage();
    if (tx.execute(s -> runs.retry(run.id(), note))) {
      log.warn("Training run {}: {}", run.id(), note);
      logs.append(run.id(), RunLogs.Level.WARN, note);
    }
  }

  private String timeoutMessage(RunWatch watch) {
    return "timed out: training took longer than "
        + timeout.toString().substring(2).toLowerCase(Locale.ROOT)
        + " (aifactory.training.timeout) and was stopped"
        + (watch.lastRound() < 0 ? "" : " after round " + watch.lastRound());
  }

  /** The run stopped being RUNNING (cancelled) before its success could be recorded. */
  private static final class RunNotRunning extends RuntimeException {
    RunNotRunning() {
      super(null, null, false, false);
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

  private int complete(TrainingRun run, TrainedModel model, long durationMs, double cost) {
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
                model.labelMapping(),
                run.requestedBy(),
                model.diagnostics(),
                model.modelPackageArn()));
    int version = registration.version().version();
    if (!runs.succeeded(run.id(), version, registration.version().metrics(), durationMs, cost)) {
      throw new RunNotRunning(); // rolls the registration back
    }
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
    return version;
  }

  private void fail(TrainingRun run, String error, long started, double cost) {
    long durationMs = elapsedMs(started);
    log.info("Training run {} of {} failed: {}", run.id(), run.modelGroup(), error);
    logs.append(run.id(), RunLogs.Level.ERROR, "failed: " + error);
    tx.executeWithoutResult(
        s -> {
          if (!runs.failed(run.id(), error, durationMs, cost)) {
            return; // cancelled meanwhile: that already ended the run
          }
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
