package dev.aifactory.policy.admissions;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.budgets.BudgetManagement;
import dev.aifactory.policy.budgets.BudgetStatus;
import dev.aifactory.policy.loop.Decision;
import dev.aifactory.policy.loop.Decision.Effect;
import dev.aifactory.policy.loop.DecisionRecorder;
import dev.aifactory.policy.rules.AttachmentPoint;
import dev.aifactory.policy.rules.Evaluation;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyEngine;
import dev.aifactory.policy.rules.PolicyManagement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployment admission: the {@code deployment} policy (instance types, public endpoints for models
 * trained on PII data…), then the budget guard, which refuses new deployments past the hard limit.
 * Like training admission, a deny is an answer, recorded with its reasons.
 */
@Service
public class DeploymentAdmission {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final int MAX_INSTANCES = 1000;

  private final PolicyManagement policies;
  private final PolicyEngine engine;
  private final BudgetManagement budgets;
  private final DecisionRecorder recorder;

  DeploymentAdmission(
      PolicyManagement policies,
      PolicyEngine engine,
      BudgetManagement budgets,
      DecisionRecorder recorder) {
    this.policies = policies;
    this.engine = engine;
    this.budgets = budgets;
    this.recorder = recorder;
  }

  @Transactional
  public Admission admit(DeploymentRequest request, Caller caller) {
    if (!caller.isService() && !caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Only ML engineers of the team or a platform service acting for it may ask for"
              + " deployment admission");
    }
    if (request == null) {
      throw ApiException.badRequest("body", "a JSON body is required");
    }
    String endpoint = name("endpoint", request.endpoint());
    String group = name("modelGroup", request.modelGroup());
    if (request.modelVersion() == null || request.modelVersion() < 1) {
      throw ApiException.badRequest("modelVersion", "modelVersion must be 1 or greater");
    }
    int count = request.instanceCount() == null ? 1 : request.instanceCount();
    if (count < 1 || count > MAX_INSTANCES) {
      throw ApiException.badRequest(
          "instanceCount", "instanceCount must be between 1 and " + MAX_INSTANCES);
    }
    String instanceType =
        request.instanceType() == null || request.instanceType().isBlank()
            ? "local"
            : request.instanceType();
    boolean open = Boolean.TRUE.equals(request.publicEndpoint());
    boolean pii = Boolean.TRUE.equals(request.trainedOnPii());
    String requestedBy =
        request.requestedBy() == null || request.requestedBy().isBlank()
            ? caller.subject()
            : request.requestedBy();
    String team = caller.team();
    BudgetStatus budget = budgets.status(team);

    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("endpoint", endpoint);
    inputs.put("model_group", group);
    inputs.put("model_version", (double) request.modelVersion());
    inputs.put("instance_type", instanceType);
    inputs.put("instance_count", (double) count);
    inputs.put("public", open);
    inputs.put("pii", pii);
    inputs.put("requested_by", requestedBy);
    inputs.put("team", team);
    inputs.put("budget", budget.asInput());

    Policy policy = policies.applicable(AttachmentPoint.DEPLOYMENT, team, group);
    Evaluation evaluation = engine.evaluate(policy, inputs);
    List<String> reasons = new ArrayList<>();
    reasons.add(DecisionRecorder.outcome(policy, evaluation));
    reasons.add(
        String.format(
            Locale.ROOT,
            "%s v%d on %s: %d x %s, %s endpoint, %s",
            group,
            request.modelVersion(),
            endpoint,
            count,
            instanceType,
            open ? "public" : "private",
            pii ? "trained on PII data" : "no PII in its training data"));
    reasons.add(budget.reason());
    Effect effect =
        DecisionRecorder.withinBudget(
            Effect.of(policy.mode(), evaluation), budget, reasons, "deployment");
    Decision decision =
        recorder.record(
            team, group, AttachmentPoint.DEPLOYMENT, policy, evaluation, effect, inputs, reasons);
    return new Admission(decision.decisionId(), effect.proceeds(), effect.id(), decision.reasons());
  }

  private static String name(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApiException.badRequest(
          field, field + " is required: letters, digits, . _ - (up to 200 characters)");
    }
    return value;
  }
}
