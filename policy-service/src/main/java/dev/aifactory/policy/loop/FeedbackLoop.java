package dev.aifactory.policy.loop;

import dev.aifactory.common.events.BudgetExceeded;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.DriftDetected;
import dev.aifactory.common.events.FeatureDrift;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionApproved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.ModelVersionRejected;
import dev.aifactory.common.events.QualityDegraded;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.common.events.TrainingRunCancelled;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.events.TrainingRunFailed;
import dev.aifactory.common.events.TrainingRunRejected;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.common.events.TrainingRunStarted;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.policy.approvals.ApprovalManagement;
import dev.aifactory.policy.budgets.BudgetManagement;
import dev.aifactory.policy.budgets.BudgetStatus;
import dev.aifactory.policy.loop.Decision.Effect;
import dev.aifactory.policy.loop.LoopState.State;
import dev.aifactory.policy.rules.ApprovalRule;
import dev.aifactory.policy.rules.AttachmentPoint;
import dev.aifactory.policy.rules.Evaluation;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyEngine;
import dev.aifactory.policy.rules.PolicyManagement;
import dev.aifactory.policy.runs.TrainingRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * policy's part of the loop: decides on training for new data, on promotion of new model versions
 * and on retraining after drift. Each decision, its audit entry and the events it causes are
 * written in one transaction (the consumer's inbox transaction), so they exist together or not at
 * all.
 */
@Service
public class FeedbackLoop {

  public static final String TRAINING_ON_NEW_DATA = "training-on-new-data";
  public static final String PROMOTION_DEFAULT = "promotion-default";
  public static final String RETRAINING_ON_DRIFT = "retraining-on-drift";

  /** Minutes since a request that never happened: larger than any sensible cooldown. */
  static final double NEVER = 1.0e9;

  private static final String REQUESTED_BY = "policy";
  private static final String REGRESSION = "regression";

  private final PolicyManagement policies;
  private final PolicyEngine engine;
  private final DatasetVersions datasets;
  private final ModelGroups groups;
  private final DecisionRecorder recorder;
  private final Outbox outbox;
  private final LoopProperties properties;
  private final Clock clock;
  private final ApprovalManagement approvals;
  private final TrainingRuns runs;
  private final BudgetManagement budgets;
  private final LoopStateMachine machine;
  private final Loops loops;

  FeedbackLoop(
      PolicyManagement policies,
      PolicyEngine engine,
      DatasetVersions datasets,
      ModelGroups groups,
      DecisionRecorder recorder,
      Outbox outbox,
      LoopProperties properties,
      Clock clock,
      ApprovalManagement approvals,
      TrainingRuns runs,
      BudgetManagement budgets,
      LoopStateMachine machine,
      Loops loops) {
    this.policies = policies;
    this.engine = engine;
    this.datasets = datasets;
    this.groups = groups;
    this.recorder = recorder;
    this.outbox = outbox;
    this.properties = properties;
    this.clock = clock;
    this.approvals = approvals;
    this.runs = runs;
    this.budgets = budgets;
    this.machine = machine;
    this.loops = loops;
  }

  /** Remembers who requested a run (for separation of duties). */
  @Transactional
  public void trainingRequested(TrainingRunRequested e) {
    runs.requested(e.requestId(), e.team(), e.modelGroup(), e.requestedBy(), e.trigger());
    machine.move(
        e.team(),
        e.modelGroup(),
        State.RETRAINING,
        "training requested (trigger " + e.trigger() + ") by " + e.requestedBy(),
        e.decisionId());
  }

  @Transactional
  public void trainingFailed(TrainingRunFailed e) {
    machine.move(
        e.team(),
        e.modelGroup(),
        State.COOLING_DOWN,
        "training run " + e.runId() + " failed: " + e.error(),
        null);
  }

  /** Refused at admission (budget, guardrail, missing grant): the loop cools down as on failure. */
  @Transactional
  public void trainingRejected(TrainingRunRejected e) {
    machine.move(
        e.team(),
        e.modelGroup(),
        State.COOLING_DOWN,
        "training run " + e.runId() + " rejected at admission: " + String.join("; ", e.reasons()),
        null);
  }

  @Transactional
  public void trainingCancelled(TrainingRunCancelled e) {
    machine.move(
        e.team(),
        e.modelGroup(),
        State.IDLE,
        "training run " + e.runId() + " cancelled by " + e.cancelledBy(),
        null);
  }

  /** The promotion verdict, whoever gave it (the gate at once, or people after approval). */
  @Transactional
  public void versionApproved(ModelVersionApproved e) {
    machine.move(
        e.team(), e.modelGroup(), State.PROMOTED, "v" + e.version() + " approved", e.decisionId());
  }

  @Transactional
  public void versionRejected(ModelVersionRejected e) {
    machine.move(
        e.team(),
        e.modelGroup(),
        State.COOLING_DOWN,
        "v" + e.version() + " rejected",
        e.decisionId());
  }

  @Transactional
  public void trainingStarted(TrainingRunStarted e) {
    runs.started(e.runId(), e.requestId(), e.team(), e.modelGroup(), e.trigger());
  }

  /** Remembers what a run cost (for budgets). */
  @Transactional
  public void trainingCompleted(TrainingRunCompleted e) {
    runs.completed(e.runId(), e.team(), e.modelGroup(), e.trigger(), e.cost(), clock.instant());
    machine.move(
        e.team(),
        e.modelGroup(),
        State.EVALUATING,
        "training run " + e.runId() + " completed, v" + e.version() + " to evaluate",
        null);
  }

  /**
   * Remembers the version and, when it is bound to a model group, decides whether to train on it. A
   * version without a binding names no model group, so there is nothing to decide.
   */
  @Transactional
  public Optional<Decision> datasetVersionRegistered(DatasetVersionRegistered e) {
    TrainingBinding binding = e.training();
    List<String> tags = e.tags() == null ? List.of() : List.copyOf(e.tags());
    boolean bound = binding != null && binding.modelGroup() != null;
    datasets.save(
        new DatasetVersion(
            e.datasetId(),
            e.version(),
            e.team(),
            e.name(),
            e.location(),
            tags,
            e.qualityStatus(),
            bound ? binding.modelGroup() : null,
            bound ? binding.target() : null,
            bound ? binding.objective() : null,
            bound && binding.autoTrain()));
    if (!bound) {
      return Optional.empty();
    }
    ModelGroup group = groups.lock(e.team(), binding.modelGroup());
    // The loop row before the audit lock (taken when the decision is recorded), the order every
    // path keeps, so a request here and the loop's timer cannot deadlock.
    machine.current(e.team(), group.name());
    groups.bindDataset(e.team(), group.name(), e.datasetId());

    Instant now = clock.instant();
    double since = minutesSince(group.lastDataRequestAt(), now);
    double cooldown = minutes(properties.dataCooldown());
    Map<String, Object> bindingInput = new LinkedHashMap<>();
    bindingInput.put("modelGroup", binding.modelGroup());
    bindingInput.put("target", binding.target());
    bindingInput.put("objective", binding.objective());
    bindingInput.put("autoTrain", binding.autoTrain());
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("id", e.datasetId());
    dataset.put("name", e.name());
    dataset.put("version", e.version());
    dataset.put("rowCount", e.rowCount());
    dataset.put("tags", tags);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("binding", bindingInput);
    inputs.put("dataset", dataset);
    inputs.put("quality", String.valueOf(e.qualityStatus()));
    inputs.put("has_champion", group.hasChampion());
    inputs.put("minutes_since_last_data_run", since);
    inputs.put("cooldown_minutes", cooldown);
    inputs.put("model_group", group.name());
    inputs.put("team", e.team());
    BudgetStatus budget = budgets.status(e.team());
    inputs.put("budget", budget.asInput());

    Policy policy = policies.applicable(AttachmentPoint.TRAINING_DATA, e.team(), group.name());
    Evaluation evaluation = engine.evaluate(policy, inputs);
    List<String> reasons = new ArrayList<>();
    reasons.add(outcome(policy, evaluation));
    reasons.add("dataset " + e.name() + " v" + e.version() + " autoTrain=" + binding.autoTrain());
    reasons.add("quality " + e.qualityStatus());
    reasons.add(
        group.hasChampion() ? "champion is v" + group.championVersion() : "no champion yet");
    reasons.add(cooldownFact("data", group.lastDataRequestAt(), since, cooldown));
    Effect effect = withinBudget(Effect.of(policy.mode(), evaluation), budget, reasons);
    Decision decision =
        record(
            e.team(),
            group.name(),
            AttachmentPoint.TRAINING_DATA,
            policy,
            evaluation,
            effect,
            inputs,
            reasons);
    if (effect.proceeds()) {
      requestTraining(
          new TrainingRunRequested(
              e.team(),
              decision.decisionId().toString(),
              group.name(),
              e.datasetId(),
              e.version(),
              e.location(),
              tags,
              binding.target(),
              binding.objective(),
              Map.of(),
              "data",
              "new dataset version " + e.name() + " v" + e.version() + " (" + policy.name() + ")",
              REQUESTED_BY,
              decision.decisionId().toString()));
      groups.dataTrainingRequested(e.team(), group.name(), now);
    }
    return Optional.of(decision);
  }

  /** The promotion gate: approve or reject the new version against the current champion. */
  @Transactional
  public Decision modelVersionRegistered(ModelVersionRegistered e) {
    ModelGroup group = groups.lock(e.team(), e.modelGroup());
    machine.move(e.team(), group.name(), State.EVALUATING, "v" + e.version() + " registered", null);
    Map<String, Double> candidate = e.metrics() == null ? Map.of() : e.metrics();
    Map<String, Double> champion =
        group.championMetrics() == null ? Map.of() : group.championMetrics();
    String objective = e.objective() == null ? "binary" : e.objective();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("candidate", candidate);
    inputs.put("champion", champion);
    inputs.put("has_champion", group.hasChampion());
    inputs.put("objective", objective);
    inputs.put("candidate_version", (double) e.version());
    inputs.put("model_group", group.name());
    inputs.put("team", e.team());

    Policy policy = policies.applicable(AttachmentPoint.PROMOTION, e.team(), group.name());
    Evaluation evaluation = engine.evaluate(policy, inputs);
    List<String> reasons = new ArrayList<>();
    reasons.add(outcome(policy, evaluation));
    reasons.add(comparison(objective, candidate, champion, group));
    Effect effect = Effect.of(policy.mode(), evaluation);
    if (effect == Effect.ALLOW && policy.requiresApproval()) {
      effect = Effect.PENDING_APPROVAL;
      ApprovalRule rule = policy.approval();
      reasons.add(
          String.format(
              Locale.ROOT,
              "waiting for %d approval(s) by role %s within %d min",
              rule.quorum(),
              rule.requiredRole(),
              rule.expiresIn().toMinutes()));
    }
    Decision decision =
        record(
            e.team(),
            group.name(),
            AttachmentPoint.PROMOTION,
            policy,
            evaluation,
            effect,
            inputs,
            reasons);
    String id = decision.decisionId().toString();
    if (effect == Effect.PENDING_APPROVAL) {
      machine.move(
          e.team(),
          group.name(),
          State.AWAITING_APPROVAL,
          "v" + e.version() + " waiting for approval",
          id);
      approvals.open(
          new ApprovalManagement.Opening(
              e.team(),
              group.name(),
              e.version(),
              e.runId(),
              decision.decisionId(),
              policy.name(),
              policy.version(),
              policy.approval(),
              evidence(e, group, champion),
              decision.reasons()));
    } else if (effect.proceeds()) {
      outbox.publish(new ModelVersionApproved(e.team(), group.name(), e.version(), id, reasons));
    } else {
      outbox.publish(new ModelVersionRejected(e.team(), group.name(), e.version(), id, reasons));
    }
    return decision;
  }

  /** What an approver looks at: the metrics side by side and where the version and run are. */
  private static Map<String, Object> evidence(
      ModelVersionRegistered e, ModelGroup group, Map<String, Double> champion) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("metrics", e.metrics() == null ? Map.of() : e.metrics());
    evidence.put("championVersion", group.championVersion());
    evidence.put("championMetrics", champion);
    evidence.put(
        "modelVersion", "/api/v1/model-groups/" + e.modelGroup() + "/versions/" + e.version());
    evidence.put("run", e.runId() == null ? null : "/api/v1/training-runs/" + e.runId());
    evidence.put("artifactUri", e.artifactUri());
    evidence.put("dataset", e.datasetId() + " v" + e.datasetVersion());
    evidence.put("trigger", e.trigger());
    return evidence;
  }

  /** Keeps the champion (version and metrics) that the promotion gate compares against. */
  @Transactional
  public void aliasMoved(ModelAliasMoved e) {
    if (!ModelAliasMoved.CHAMPION.equals(e.alias())) {
      return;
    }
    groups.lock(e.team(), e.modelGroup());
    groups.championMoved(
        e.team(),
        e.modelGroup(),
        e.toVersion(),
        e.metrics() == null ? Map.of() : Map.copyOf(e.metrics()));
  }

  /** Retraining on drift, on the newest dataset version bound to the group that passed quality. */
  @Transactional
  public Decision driftDetected(DriftDetected e) {
    ModelGroup group = groups.lock(e.team(), e.modelGroup());
    Optional<DatasetVersion> newest =
        group.datasetId() == null ? Optional.empty() : datasets.newestTrainable(group.datasetId());
    Instant now = clock.instant();
    double since = minutesSince(group.lastDriftRequestAt(), now);
    double cooldown = minutes(properties.driftCooldown());
    List<String> drifted =
        e.features() == null
            ? List.of()
            : e.features().stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("drift_share", e.driftShare());
    inputs.put("drifted_features", drifted);
    inputs.put("minutes_since_last_drift_run", since);
    inputs.put("cooldown_minutes", cooldown);
    inputs.put("model_group", group.name());
    inputs.put("endpoint", String.valueOf(e.endpoint()));
    inputs.put("team", e.team());
    LoopState loop = machine.current(e.team(), group.name());
    inputs.put("loop_state", loop.state().id());
    BudgetStatus budget = budgets.status(e.team());
    inputs.put("budget", budget.asInput());

    Policy policy = policies.applicable(AttachmentPoint.RETRAINING_DRIFT, e.team(), group.name());
    Evaluation evaluation = engine.evaluate(policy, inputs);
    String drift =
        String.format(
            Locale.ROOT,
            "drift share %.2f on endpoint %s, model v%d (drifted features: %s)",
            e.driftShare(),
            e.endpoint(),
            e.version(),
            drifted.isEmpty() ? "none" : String.join(", ", drifted));
    List<String> reasons = new ArrayList<>();
    reasons.add(outcome(policy, evaluation));
    reasons.add(drift);
    reasons.add(cooldownFact("drift", group.lastDriftRequestAt(), since, cooldown));
    Effect effect = withinBudget(Effect.of(policy.mode(), evaluation), budget, reasons);
    effect = debounced(effect, loop, now, reasons);
    if (effect.proceeds() && newest.isEmpty()) {
      effect = Effect.DENY;
      reasons.add("no dataset version that passed quality is bound to " + group.name());
    }
    newest.ifPresent(d -> reasons.add("newest dataset version " + d.name() + " v" + d.version()));
    Decision decision =
        record(
            e.team(),
            group.name(),
            AttachmentPoint.RETRAINING_DRIFT,
            policy,
            evaluation,
            effect,
            inputs,
            reasons);
    if (effect.proceeds()) {
      DatasetVersion d = newest.orElseThrow();
      requestTraining(
          new TrainingRunRequested(
              e.team(),
              decision.decisionId().toString(),
              group.name(),
              d.datasetId(),
              d.version(),
              d.location(),
              d.tags(),
              d.target(),
              d.objective(),
              Map.of(),
              "drift",
              drift,
              REQUESTED_BY,
              decision.decisionId().toString()));
      groups.driftTrainingRequested(e.team(), group.name(), now);
    }
    return decision;
  }

  /** What asks for retraining besides drift and new data: quality degradation or a schedule. */
  private record RetrainTrigger(
      String team,
      String modelGroup,
      String trigger,
      String metric,
      double baseline,
      double observed,
      boolean estimated,
      String endpoint,
      String description) {}

  /**
   * Retraining when a version's quality degraded, on the newest dataset version bound to the group
   * that passed quality; debounced like drift (one run at a time, cooldown, maximum per day).
   */
  @Transactional
  public Decision qualityDegraded(QualityDegraded e) {
    return retrain(
        new RetrainTrigger(
            e.team(),
            e.modelGroup(),
            "quality",
            String.valueOf(e.metric()),
            e.baseline(),
            e.observed(),
            e.estimated(),
            String.valueOf(e.endpoint()),
            String.format(
                Locale.ROOT,
                "%s%s of v%d on endpoint %s fell to %.4f (trained %.4f)",
                e.estimated() ? "estimated " : "",
                e.metric(),
                e.version(),
                e.endpoint(),
                e.observed(),
                e.baseline())));
  }

  /**
   * A retraining schedule's turn: considered once per period (whatever is decided), under the
   * group's lock so that instances do not both act on it.
   */
  @Transactional
  public Optional<Decision> scheduled(LoopProperties.Schedule schedule) {
    groups.lock(schedule.team(), schedule.modelGroup());
    Instant now = clock.instant();
    Optional<Instant> last = loops.lastScheduleAttempt(schedule.team(), schedule.modelGroup());
    if (last.isPresent() && last.get().plus(schedule.every()).isAfter(now)) {
      return Optional.empty();
    }
    loops.scheduleAttempted(schedule.team(), schedule.modelGroup(), now);
    return Optional.of(
        retrain(
            new RetrainTrigger(
                schedule.team(),
                schedule.modelGroup(),
                "schedule",
                "",
                0.0,
                0.0,
                false,
                "",
                "scheduled retraining every " + schedule.every().toMinutes() + " min")));
  }

  private Decision retrain(RetrainTrigger t) {
    ModelGroup group = groups.lock(t.team(), t.modelGroup());
    Optional<DatasetVersion> newest =
        group.datasetId() == null ? Optional.empty() : datasets.newestTrainable(group.datasetId());
    Instant now = clock.instant();
    Instant lastRun = runs.lastRequest(t.team(), group.name()).orElse(null);
    double since = minutesSince(lastRun, now);
    double cooldown = minutes(properties.qualityCooldown());
    Instant midnight = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    int today = runs.requestsSince(t.team(), group.name(), midnight);
    LoopState loop = machine.current(t.team(), group.name());
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("trigger", t.trigger());
    inputs.put("metric", t.metric());
    inputs.put("baseline", t.baseline());
    inputs.put("observed", t.observed());
    inputs.put("estimated", t.estimated());
    inputs.put("minutes_since_last_run", since);
    inputs.put("cooldown_minutes", cooldown);
    inputs.put("runs_today", (double) today);
    inputs.put("max_per_day", (double) properties.maxRunsPerDay());
    inputs.put("loop_state", loop.state().id());
    inputs.put("endpoint", t.endpoint());
    inputs.put("model_group", group.name());
    inputs.put("team", t.team());
    BudgetStatus budget = budgets.status(t.team());
    inputs.put("budget", budget.asInput());

    Policy policy = policies.applicable(AttachmentPoint.RETRAINING, t.team(), group.name());
    Evaluation evaluation = engine.evaluate(policy, inputs);
    List<String> reasons = new ArrayList<>();
    reasons.add(outcome(policy, evaluation));
    reasons.add(t.description());
    reasons.add(
        String.format(
            Locale.ROOT,
            "%d run(s) requested today (max %d); %s",
            today,
            properties.maxRunsPerDay(),
            cooldownFact("any", lastRun, since, cooldown)));
    Effect effect = withinBudget(Effect.of(policy.mode(), evaluation), budget, reasons);
    effect = debounced(effect, loop, now, reasons);
    if (effect.proceeds() && newest.isEmpty()) {
      effect = Effect.DENY;
      reasons.add("no dataset version that passed quality is bound to " + group.name());
    }
    newest.ifPresent(d -> reasons.add("newest dataset version " + d.name() + " v" + d.version()));
    Decision decision =
        record(
            t.team(),
            group.name(),
            AttachmentPoint.RETRAINING,
            policy,
            evaluation,
            effect,
            inputs,
            reasons);
    if (effect.proceeds()) {
      DatasetVersion d = newest.orElseThrow();
      requestTraining(
          new TrainingRunRequested(
              t.team(),
              decision.decisionId().toString(),
              group.name(),
              d.datasetId(),
              d.version(),
              d.location(),
              d.tags(),
              d.target(),
              d.objective(),
              Map.of(),
              t.trigger(),
              t.description(),
              REQUESTED_BY,
              decision.decisionId().toString()));
    }
    return decision;
  }

  /**
   * Publishes the request and, in the same transaction, remembers it and moves the loop to
   * retraining, so that a trigger arriving before the request comes back from Kafka already sees it
   * (cooldowns, runs per day, the busy loop).
   */
  private void requestTraining(TrainingRunRequested request) {
    outbox.publish(request);
    runs.requested(
        request.requestId(),
        request.team(),
        request.modelGroup(),
        request.requestedBy(),
        request.trigger());
    machine.move(
        request.team(),
        request.modelGroup(),
        State.RETRAINING,
        "training requested (trigger " + request.trigger() + ") by " + request.requestedBy(),
        request.decisionId());
  }

  /** However many triggers arrive, one retraining at a time (within the busy timeout). */
  private Effect debounced(Effect effect, LoopState loop, Instant now, List<String> reasons) {
    if (effect.proceeds()
        && loop.state().busy()
        && loop.since().plus(properties.busyTimeout()).isAfter(now)) {
      reasons.add(
          "loop is "
              + loop.state().id()
              + " since "
              + loop.since()
              + " ("
              + loop.reason()
              + "); no second retraining");
      return Effect.DENY;
    }
    return effect;
  }

  private Decision record(
      String team,
      String subject,
      AttachmentPoint point,
      Policy policy,
      Evaluation evaluation,
      Effect effect,
      Map<String, Object> inputs,
      List<String> reasons) {
    return recorder.record(team, subject, point, policy, evaluation, effect, inputs, reasons);
  }

  private static Effect withinBudget(Effect effect, BudgetStatus budget, List<String> reasons) {
    return DecisionRecorder.withinBudget(effect, budget, reasons);
  }

  /** Monitoring reported a team over budget. */
  @Transactional
  public void budgetExceeded(BudgetExceeded e) {
    budgets.exceeded(e);
  }

  private static String outcome(Policy policy, Evaluation evaluation) {
    return DecisionRecorder.outcome(policy, evaluation);
  }

  /** States the default gate's comparison with its numbers, for people reading the verdict. */
  private static String comparison(
      String objective,
      Map<String, Double> candidate,
      Map<String, Double> champion,
      ModelGroup group) {
    boolean regression = REGRESSION.equals(objective);
    String metric = regression ? "rmse" : "auc";
    Double value = candidate.get(metric);
    if (value == null) {
      return "candidate has no " + metric + " metric";
    }
    if (!group.hasChampion() || champion.get(metric) == null) {
      return regression
          ? String.format(Locale.ROOT, "no champion: rmse %.4f accepted", value)
          : String.format(
              Locale.ROOT,
              "no champion: auc %.4f >= 0.6 %s",
              value,
              value >= 0.6 ? "passed" : "failed");
    }
    double reference = champion.get(metric);
    if (regression) {
      double limit = reference * 1.05;
      return String.format(
          Locale.ROOT,
          "rmse %.4f <= %.4f (champion v%d rmse %.4f * 1.05) %s",
          value,
          limit,
          group.championVersion(),
          reference,
          value <= limit ? "passed" : "failed");
    }
    double limit = reference - 0.01;
    return String.format(
        Locale.ROOT,
        "auc %.4f >= %.4f (champion v%d auc %.4f - 0.01) %s",
        value,
        limit,
        group.championVersion(),
        reference,
        value >= limit ? "passed" : "failed");
  }

  private static String cooldownFact(String trigger, Instant last, double since, double cooldown) {
    if (last == null) {
      return "no earlier " + trigger + "-triggered request";
    }
    return String.format(
        Locale.ROOT,
        "last %s-triggered request %.1f min ago (cooldown %.0f min)",
        trigger,
        since,
        cooldown);
  }

  private static double minutesSince(Instant last, Instant now) {
    return last == null ? NEVER : Duration.between(last, now).toMillis() / 60_000.0;
  }

  private static double minutes(Duration d) {
    return d.toMillis() / 60_000.0;
  }
}
