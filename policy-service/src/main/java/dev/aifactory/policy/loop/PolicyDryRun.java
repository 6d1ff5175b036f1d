package dev.aifactory.policy.loop;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.loop.Decision.Effect;
import dev.aifactory.policy.rules.Evaluation;
import dev.aifactory.policy.rules.InvalidPolicyExpression;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyEngine;
import dev.aifactory.policy.rules.PolicyManagement;
import dev.aifactory.policy.rules.PolicyScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evaluates a policy, or a candidate expression for it, without deciding anything: against a given
 * input, or against the recorded inputs of the caller's team's last decisions at the policy's
 * attachment point, showing what would have been decided next to what was.
 */
@Service
public class PolicyDryRun {

  public static final int DEFAULT_LAST = 20;
  public static final int MAX_LAST = 200;

  private final PolicyManagement policies;
  private final PolicyEngine engine;
  private final Decisions decisions;

  PolicyDryRun(PolicyManagement policies, PolicyEngine engine, Decisions decisions) {
    this.policies = policies;
    this.engine = engine;
    this.decisions = decisions;
  }

  /** One evaluated input; the {@code decided*} fields are null for a given input. */
  public record Result(
      UUID decisionId,
      String subject,
      Instant decidedAt,
      String decidedPolicy,
      Integer decidedPolicyVersion,
      String decided,
      String wouldDecide,
      String evaluated,
      String error,
      boolean changed,
      Map<String, Object> input) {}

  public record Report(
      String policy,
      int version,
      String attachmentPoint,
      String mode,
      String scope,
      String expression,
      boolean candidate,
      int evaluatedCount,
      int changedCount,
      List<Result> results) {}

  @Transactional(readOnly = true)
  public Report run(
      String name, String expression, Map<String, Object> input, Integer last, Caller caller) {
    Policy policy = policies.get(name).current();
    boolean candidate = expression != null && !expression.isBlank();
    String tried = candidate ? expression : policy.expression();
    try {
      engine.check(policy.attachmentPoint(), tried);
    } catch (InvalidPolicyExpression e) {
      throw ApiException.badRequest("expression", e.getMessage());
    }
    List<Result> results = new ArrayList<>();
    if (input != null) {
      if (last != null) {
        throw ApiException.badRequest("last", "give either an input or last, not both");
      }
      Evaluation evaluation = engine.evaluate(policy.attachmentPoint(), tried, input);
      results.add(
          new Result(
              null,
              null,
              null,
              null,
              null,
              null,
              Effect.of(policy.mode(), evaluation).id(),
              evaluation.outcome(),
              evaluation.error(),
              false,
              input));
    } else {
      int n = last == null ? DEFAULT_LAST : last;
      if (n < 1 || n > MAX_LAST) {
        throw ApiException.badRequest("last", "last must be between 1 and " + MAX_LAST);
      }
      // A model-group policy is replayed on its group's decisions only; others on the team's.
      String subject =
          policy.scope().kind() == PolicyScope.Kind.MODEL_GROUP ? policy.scope().value() : null;
      for (Decision d :
          decisions.recent(caller.team(), policy.attachmentPoint().id(), subject, n)) {
        Evaluation evaluation = engine.evaluate(policy.attachmentPoint(), tried, d.inputs());
        String would = Effect.of(policy.mode(), evaluation).id();
        results.add(
            new Result(
                d.decisionId(),
                d.subject(),
                d.createdAt(),
                d.policy(),
                d.policyVersion(),
                d.effect().id(),
                would,
                evaluation.outcome(),
                evaluation.error(),
                !would.equals(d.effect().id()),
                d.inputs()));
      }
    }
    int changed = (int) results.stream().filter(Result::changed).count();
    return new Report(
        policy.name(),
        policy.version(),
        policy.attachmentPoint().id(),
        policy.mode().id(),
        policy.scope().toString(),
        tried,
        candidate,
        results.size(),
        changed,
        results);
  }
}
