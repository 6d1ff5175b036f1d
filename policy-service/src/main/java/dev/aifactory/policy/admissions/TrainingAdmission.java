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
 * Training admission: training asks before it launches a run. The {@code training-admission} policy
 * decides, then the budget guard (as for the loop's own requests); a deny is an answer, not an
 * error, so it is recorded like every decision and returned with its reasons.
 */
@Service
public class TrainingAdmission {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final int MAX_TAGS = 100;

  private final PolicyManagement policies;
  private final PolicyEngine engine;
  private final BudgetManagement budgets;
  private final DecisionRecorder recorder;

  TrainingAdmission(
      PolicyManagement policies,
      PolicyEngine engine,
      BudgetManagement budgets,
      DecisionRecorder recorder) {
    this.policies = policies;
    this.engine = engine;
    this.budgets = budgets;
    this.recorder = recorder;
  }

  /**
   * Decides for the caller's team: a service acting for the team, or one of its ML engineers.
   *
   * @throws ApiException 403 for other callers, 400 naming the field for bad input
   */
  @Transactional
  public Admission admit(AdmissionRequest request, Caller caller) {
    if (!caller.isService() && !caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Only ML engineers of the team or a platform service acting for it may ask for training"
              + " admission");
    }
    if (request == null) {
      throw ApiException.badRequest("body", "a JSON body is required");
    }
    String group = required("modelGroup", request.modelGroup());
    String datasetId = required("datasetId", request.datasetId());
    if (request.datasetVersion() == null || request.datasetVersion() < 1) {
      throw ApiException.badRequest("datasetVersion", "datasetVersion must be 1 or greater");
    }
    double cost = request.estimatedCost() == null ? 0.0 : request.estimatedCost();
    if (!Double.isFinite(cost) || cost < 0) {
      throw ApiException.badRequest(
          "estimatedCost", "estimatedCost must be a finite number of USD, 0 or more");
    }
    List<String> tags = request.datasetTags() == null ? List.of() : request.datasetTags();
    if (tags.size() > MAX_TAGS || tags.stream().anyMatch(t -> t == null || t.isBlank())) {
      throw ApiException.badRequest(
          "datasetTags", "datasetTags are up to " + MAX_TAGS + " non-blank strings");
    }
    String quality =
        request.datasetQualityStatus() == null || request.datasetQualityStatus().isBlank()
            ? "UNKNOWN"
            : request.datasetQualityStatus().strip().toUpperCase(Locale.ROOT);
    String trigger =
        request.trigger() == null || request.trigger().isBlank() ? "manual" : request.trigger();
    String requestedBy =
        request.requestedBy() == null || request.requestedBy().isBlank()
            ? caller.subject()
            : request.requestedBy();
    String team = caller.team();
    boolean pii = tags.stream().anyMatch(t -> t.equals("pii") || t.startsWith("pii:"));

    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("id", datasetId);
    dataset.put("version", request.datasetVersion());
    dataset.put("quality", quality);
    dataset.put("tags", List.copyOf(tags));
    BudgetStatus budget = budgets.status(team);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("dataset", dataset);
    inputs.put("quality", quality);
    inputs.put("tags", List.copyOf(tags));
    inputs.put("pii", pii);
    inputs.put("estimated_cost", cost);
    inputs.put("trigger", trigger);
    inputs.put("requested_by", requestedBy);
    inputs.put("model_group", group);
    inputs.put("team", team);
    inputs.put("budget", budget.asInput());

    Policy policy = policies.applicable(AttachmentPoint.TRAINING_ADMISSION, team, group);
    Evaluation evaluation = engine.evaluate(policy, inputs);
    List<String> reasons = new ArrayList<>();
    reasons.add(DecisionRecorder.outcome(policy, evaluation));
    reasons.add(
        String.format(
            Locale.ROOT,
            "dataset %s v%d quality %s%s, estimated cost %.2f USD, trigger %s, requested by %s",
            datasetId,
            request.datasetVersion(),
            quality,
            pii ? " (contains PII)" : "",
            cost,
            trigger,
            requestedBy));
    if ("REJECTED_QUALITY".equals(quality)) {
      reasons.add(
          "dataset version " + datasetId + " v" + request.datasetVersion() + " failed quality");
    }
    reasons.add(budget.reason());
    Effect effect =
        DecisionRecorder.withinBudget(Effect.of(policy.mode(), evaluation), budget, reasons);
    Decision decision =
        recorder.record(
            team,
            group,
            AttachmentPoint.TRAINING_ADMISSION,
            policy,
            evaluation,
            effect,
            inputs,
            reasons);
    return new Admission(decision.decisionId(), effect.proceeds(), effect.id(), decision.reasons());
  }

  private static String required(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApiException.badRequest(
          field, field + " is required: letters, digits, . _ - (up to 200 characters)");
    }
    return value;
  }
}
