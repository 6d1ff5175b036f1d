package dev.aifactory.policy.loop;

import dev.aifactory.common.events.DecisionRecorded;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.policy.Canonical;
import dev.aifactory.policy.audit.AuditTrail;
import dev.aifactory.policy.budgets.BudgetStatus;
import dev.aifactory.policy.loop.Decision.Effect;
import dev.aifactory.policy.rules.AttachmentPoint;
import dev.aifactory.policy.rules.Evaluation;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyScope;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Records a decision the same way wherever it is taken (the loop, training admission, the rollout
 * gate): the row, its audit entry, {@code policy.decision-recorded} and the decision counter, all
 * in the caller's transaction.
 */
@Component
public class DecisionRecorder {

  private static final String ACTOR = "policy";

  private final Decisions decisions;
  private final AuditTrail audit;
  private final Outbox outbox;
  private final Canonical canonical;
  private final Clock clock;
  private final MeterRegistry meters;

  DecisionRecorder(
      Decisions decisions,
      AuditTrail audit,
      Outbox outbox,
      Canonical canonical,
      Clock clock,
      MeterRegistry meters) {
    this.decisions = decisions;
    this.audit = audit;
    this.outbox = outbox;
    this.canonical = canonical;
    this.clock = clock;
    this.meters = meters;
  }

  public Decision record(
      String team,
      String subject,
      AttachmentPoint point,
      Policy policy,
      Evaluation evaluation,
      Effect effect,
      Map<String, Object> inputs,
      List<String> reasons) {
    Decision decision =
        new Decision(
            UUID.randomUUID(),
            team,
            subject,
            point.id(),
            policy.name(),
            policy.version(),
            effect,
            inputs,
            Canonical.sha256(canonical.json(inputs)),
            List.copyOf(reasons),
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            policy.mode().id(),
            evaluation.outcome());
    decisions.add(decision);
    outbox.publish(
        new DecisionRecorded(
            team,
            decision.decisionId().toString(),
            subject,
            point.id(),
            policy.name(),
            policy.version(),
            effect.id(),
            decision.inputsDigest(),
            decision.reasons()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decisionId", decision.decisionId().toString());
    details.put("attachmentPoint", point.id());
    details.put("policy", policy.name());
    details.put("policyVersion", policy.version());
    details.put("effect", effect.id());
    details.put("mode", policy.mode().id());
    details.put("evaluated", evaluation.outcome());
    details.put("inputsDigest", decision.inputsDigest());
    details.put("reasons", decision.reasons());
    audit.record(ACTOR, "decision.recorded", subject, team, details);
    meters
        .counter(
            "aifactory.policy.decisions",
            "team",
            team,
            "attachment",
            point.id(),
            "effect",
            effect.id())
        .increment();
    return decision;
  }

  /** The policy's verdict in words, naming the version, mode and scope. */
  public static String outcome(Policy policy, Evaluation evaluation) {
    String head =
        policy.name()
            + " v"
            + policy.version()
            + (policy.mode() == Policy.Mode.ENFORCE ? "" : " (" + policy.mode().id() + " mode)")
            + (policy.scope().equals(PolicyScope.GLOBAL) ? "" : " [" + policy.scope() + "]")
            + ": ";
    String verdict = evaluation.allowed() ? "allow" : "deny";
    if (evaluation.failed()) {
      verdict = "deny, evaluation failed: " + evaluation.error();
    }
    if (!evaluation.allowed() && policy.mode() != Policy.Mode.ENFORCE) {
      return head + "would " + verdict + "; allowed because the policy is not enforced";
    }
    return head + verdict;
  }

  /**
   * The budget guardrail on training, after the policy: past the hard limit nothing trains; past
   * the soft limit training goes ahead as a warn decision.
   */
  public static Effect withinBudget(Effect effect, BudgetStatus budget, List<String> reasons) {
    return withinBudget(effect, budget, reasons, "training");
  }

  /** The same guard for another guarded action ({@code what}: training, deployment). */
  public static Effect withinBudget(
      Effect effect, BudgetStatus budget, List<String> reasons, String what) {
    if (!effect.proceeds()) {
      return effect;
    }
    return switch (budget.state()) {
      case HARD -> {
        reasons.add("budget hard limit reached, " + what + " refused: " + budget.reason());
        yield Effect.DENY;
      }
      case SOFT -> {
        reasons.add("budget soft limit reached: " + budget.reason());
        yield Effect.WARN;
      }
      default -> effect;
    };
  }
}
