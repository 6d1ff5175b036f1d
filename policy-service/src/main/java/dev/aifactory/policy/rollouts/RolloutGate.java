package dev.aifactory.policy.rollouts;

import dev.aifactory.common.events.ChampionComparison;
import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutAbortRequested;
import dev.aifactory.common.events.RolloutAdvanceRequested;
import dev.aifactory.common.events.RolloutCompleted;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.RolloutStepCompleted;
import dev.aifactory.common.events.WindowEvaluated;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.policy.loop.Decision;
import dev.aifactory.policy.loop.Decision.Effect;
import dev.aifactory.policy.loop.DecisionRecorder;
import dev.aifactory.policy.loop.LoopState.State;
import dev.aifactory.policy.loop.LoopStateMachine;
import dev.aifactory.policy.rules.AttachmentPoint;
import dev.aifactory.policy.rules.Evaluation;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyEngine;
import dev.aifactory.policy.rules.PolicyManagement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rollout gate. Tracks the gateway's rollouts and, for each fresh window of a rollout's
 * candidate, evaluates the {@code rollout-step} policy: an allow (or warn) asks the gateway to
 * advance (once per step), an enforced deny asks it to abort. Windows that ended before the current
 * step began, or not after the last evaluated one, are stale and ignored: a per-request statistic
 * of the candidate does not depend on its weight, so a window overlapping the step change still
 * counts, but one that ended before it says nothing the previous step's decision did not.
 */
@Service
public class RolloutGate {

  private static final Logger log = LoggerFactory.getLogger(RolloutGate.class);

  private final Rollouts rollouts;
  private final PolicyManagement policies;
  private final PolicyEngine engine;
  private final DecisionRecorder recorder;
  private final Outbox outbox;
  private final LoopStateMachine loops;

  RolloutGate(
      Rollouts rollouts,
      PolicyManagement policies,
      PolicyEngine engine,
      DecisionRecorder recorder,
      Outbox outbox,
      LoopStateMachine loops) {
    this.loops = loops;
    this.rollouts = rollouts;
    this.policies = policies;
    this.engine = engine;
    this.recorder = recorder;
    this.outbox = outbox;
  }

  @Transactional
  public void started(RolloutStarted e, Instant at) {
    List<Integer> steps = e.steps() == null || e.steps().isEmpty() ? List.of(100) : e.steps();
    rollouts.start(
        new Rollout(
            e.rolloutId(),
            e.team(),
            e.endpoint(),
            e.modelGroup(),
            e.candidateVersion(),
            e.candidateVariant(),
            e.championVersion(),
            e.championVariant(),
            e.strategy() == null ? "canary" : e.strategy(),
            List.copyOf(steps),
            0,
            steps.get(0),
            Rollout.Status.ACTIVE,
            null,
            null,
            at));
    loops.move(
        e.team(),
        e.modelGroup(),
        State.ROLLING_OUT,
        "rollout "
            + e.rolloutId()
            + " of v"
            + e.candidateVersion()
            + " on "
            + e.endpoint()
            + " ("
            + e.strategy()
            + " "
            + steps
            + ")",
        null);
  }

  /** Moves the tracked rollout to the step; an older or repeated step changes nothing. */
  @Transactional
  public void stepCompleted(RolloutStepCompleted e, Instant at) {
    rollouts
        .lock(e.rolloutId())
        .filter(r -> e.step() > r.step() || (e.step() == 0 && r.step() == 0))
        .ifPresent(r -> rollouts.stepCompleted(r.rolloutId(), e.step(), e.candidateWeight(), at));
  }

  @Transactional
  public void completed(RolloutCompleted e) {
    rollouts
        .lock(e.rolloutId())
        .ifPresent(r -> rollouts.status(r.rolloutId(), Rollout.Status.COMPLETED));
  }

  @Transactional
  public void rolledBack(RolledBack e) {
    rollouts
        .lock(e.rolloutId())
        .ifPresent(r -> rollouts.status(r.rolloutId(), Rollout.Status.ROLLED_BACK));
    loops.move(
        e.team(),
        e.modelGroup(),
        State.ROLLED_BACK,
        "rollout " + e.rolloutId() + " rolled back: " + e.reason(),
        e.decisionId());
  }

  /** Evaluates a fresh window of an active rollout's candidate; other windows are ignored. */
  @Transactional
  public Optional<Decision> windowEvaluated(WindowEvaluated e) {
    Optional<Rollout> tracked =
        rollouts.lockActiveCandidate(e.team(), e.endpoint(), e.variant(), e.version());
    if (tracked.isEmpty()) {
      return Optional.empty();
    }
    Rollout rollout = tracked.get();
    if (e.windowTo() == null
        || !e.windowTo().isAfter(rollout.stepStartedAt())
        || (rollout.lastWindowTo() != null && !e.windowTo().isAfter(rollout.lastWindowTo()))) {
      log.debug(
          "Ignoring stale window {}..{} of rollout {} step {}",
          e.windowFrom(),
          e.windowTo(),
          rollout.rolloutId(),
          rollout.step());
      return Optional.empty();
    }
    rollouts.windowEvaluated(rollout.rolloutId(), e.windowTo());

    Map<String, Object> inputs = inputs(rollout, e);
    Policy policy =
        policies.applicable(AttachmentPoint.ROLLOUT_STEP, rollout.team(), rollout.modelGroup());
    Evaluation evaluation = engine.evaluate(policy, inputs);
    List<String> reasons = new ArrayList<>();
    reasons.add(DecisionRecorder.outcome(policy, evaluation));
    reasons.add(facts(rollout, e));
    Effect effect = Effect.of(policy.mode(), evaluation);
    Decision decision =
        recorder.record(
            rollout.team(),
            // The model group, as for every decision (the endpoint is among the inputs).
            rollout.modelGroup(),
            AttachmentPoint.ROLLOUT_STEP,
            policy,
            evaluation,
            effect,
            inputs,
            reasons);
    String decisionId = decision.decisionId().toString();
    if (effect == Effect.DENY) {
      rollouts.status(rollout.rolloutId(), Rollout.Status.ABORTING);
      outbox.publish(
          new RolloutAbortRequested(
              rollout.team(),
              rollout.endpoint(),
              rollout.rolloutId(),
              rollout.step(),
              decisionId,
              decision.reasons()));
    } else if (!Integer.valueOf(rollout.step()).equals(rollout.advanceRequestedStep())) {
      // Once per step: the gateway remembers an early advance until the step's bake time is over.
      rollouts.advanceRequested(rollout.rolloutId(), rollout.step());
      outbox.publish(
          new RolloutAdvanceRequested(
              rollout.team(),
              rollout.endpoint(),
              rollout.rolloutId(),
              rollout.step(),
              decisionId,
              decision.reasons()));
    }
    return Optional.of(decision);
  }

  /** The caller's team's rollouts as the gate tracks them, newest first. */
  @Transactional(readOnly = true)
  public List<Rollout> list(dev.aifactory.common.security.Caller caller) {
    return rollouts.list(caller.team(), 100);
  }

  /**
   * The policy's inputs. Comparison values that were not measured are left out of {@code
   * vs_champion} (not null), so {@code has(vs_champion.prediction_agreement)} can test for them.
   */
  static Map<String, Object> inputs(Rollout rollout, WindowEvaluated e) {
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("count", (double) e.count());
    window.put("latency_p50", e.latencyP50());
    window.put("latency_p95", e.latencyP95());
    window.put("latency_p99", e.latencyP99());
    window.put("error_rate", e.errorRate());
    window.put("drift_share", e.driftShare());
    window.put("from", String.valueOf(e.windowFrom()));
    window.put("to", String.valueOf(e.windowTo()));
    Map<String, Object> vs = new LinkedHashMap<>();
    ChampionComparison c = e.vsChampion();
    if (c != null) {
      vs.put("champion_variant", c.championVariant());
      vs.put("champion_version", (double) c.championVersion());
      vs.put("champion_count", (double) c.championCount());
      vs.put("latency_p99_ratio", c.latencyP99Ratio());
      if (c.latencyP99PValue() != null) {
        vs.put("latency_p99_p_value", c.latencyP99PValue());
      }
      vs.put("error_rate_delta", c.errorRateDelta());
      if (c.predictionAgreement() != null) {
        vs.put("prediction_agreement", c.predictionAgreement());
      }
      if (c.predictionDistance() != null) {
        vs.put("prediction_distance", c.predictionDistance());
      }
      if (c.predictionDistancePValue() != null) {
        vs.put("prediction_distance_p_value", c.predictionDistancePValue());
      }
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("window", window);
    inputs.put("vs_champion", vs);
    inputs.put("has_champion_comparison", c != null);
    inputs.put("step", (double) rollout.step());
    inputs.put("steps", (double) rollout.steps().size());
    inputs.put("weight", (double) rollout.weight());
    inputs.put("strategy", rollout.strategy());
    inputs.put("endpoint", rollout.endpoint());
    inputs.put("candidate_version", (double) rollout.candidateVersion());
    inputs.put("model_group", rollout.modelGroup());
    inputs.put("team", rollout.team());
    return inputs;
  }

  private static String facts(Rollout rollout, WindowEvaluated e) {
    ChampionComparison c = e.vsChampion();
    String comparison =
        c == null
            ? "no champion window to compare with"
            : String.format(
                Locale.ROOT,
                "vs champion v%d: p99 ratio %s, error rate delta %+.4f, prediction distance %s,"
                    + " agreement %s",
                c.championVersion(),
                c.latencyP99PValue() == null
                    ? String.format(Locale.ROOT, "%.2f", c.latencyP99Ratio())
                    : String.format(
                        Locale.ROOT, "%.2f (p %.4f)", c.latencyP99Ratio(), c.latencyP99PValue()),
                c.errorRateDelta(),
                c.predictionDistance() == null
                    ? "not measured"
                    : c.predictionDistancePValue() == null
                        ? String.format(Locale.ROOT, "%.3f", c.predictionDistance())
                        : String.format(
                            Locale.ROOT,
                            "%.3f (p %.4f)",
                            c.predictionDistance(),
                            c.predictionDistancePValue()),
                c.predictionAgreement() == null
                    ? "not measured"
                    : String.format(Locale.ROOT, "%.3f", c.predictionAgreement()));
    return String.format(
        Locale.ROOT,
        "rollout %s step %d (%d%%) of %d: candidate v%d window of %d requests,"
            + " p99 %.1f ms, error rate %.4f, drift share %.2f; %s",
        rollout.rolloutId(),
        rollout.step(),
        rollout.weight(),
        rollout.steps().size(),
        rollout.candidateVersion(),
        e.count(),
        e.latencyP99(),
        e.errorRate(),
        e.driftShare(),
        comparison);
  }
}
