package dev.aifactory.monitoring.quality.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.ApiException.FieldProblem;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.quality.EndpointNotFound;
import dev.aifactory.monitoring.quality.LabelRejected;
import dev.aifactory.monitoring.quality.QualityAssessment;
import dev.aifactory.monitoring.quality.QualityAssessment.Label;
import dev.aifactory.monitoring.quality.QualityAssessment.Receipt;
import dev.aifactory.monitoring.quality.QualityResults;
import dev.aifactory.monitoring.quality.QualityWindow;
import dev.aifactory.monitoring.quality.WindowQuality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ground truth in, model quality out. Labels are matched to captures by request id; ids with no
 * capture (never sampled, purged, or another team's) are reported back, not stored.
 */
@RestController
class QualityController {

  static final int MAX_LABELS = 10_000;

  private final QualityAssessment assessment;
  private final QualityResults results;

  QualityController(QualityAssessment assessment, QualityResults results) {
    this.assessment = assessment;
    this.results = results;
  }

  /** A batch of labels; {@code label} is a number (regression, or 0/1) or a boolean. */
  record GroundTruthRequest(List<LabelEntry> labels) {}

  record LabelEntry(String requestId, Object label) {}

  @PostMapping("/api/v1/endpoints/{name}/ground-truth")
  Receipt groundTruth(
      @PathVariable String name, @RequestBody GroundTruthRequest request, Caller caller) {
    if (!caller.hasRole(Caller.ML_ENGINEER) && !caller.hasRole(Caller.DATA_ENGINEER)) {
      throw ApiException.forbidden(
          "sending ground truth needs the ml-engineer or data-engineer role");
    }
    List<Label> labels = validated(request);
    try {
      return assessment.acceptLabels(caller.team(), name, labels);
    } catch (LabelRejected rejected) {
      throw ApiException.badRequest(rejected.field(), rejected.getMessage());
    } catch (EndpointNotFound missing) {
      throw ApiException.notFound("Endpoint", missing.endpoint());
    }
  }

  @GetMapping("/api/v1/quality")
  Page<QualityView> quality(
      @RequestParam(required = false) String endpoint,
      @RequestParam(required = false) String modelGroup,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    PageRequest.check(page, size);
    Page<WindowQuality> found =
        results.list(caller.team(), blankToNull(endpoint), blankToNull(modelGroup), page, size);
    return new Page<>(
        found.items().stream().map(QualityView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  /** Quality of one window; {@code estimated} is true for confidence-based estimates. */
  record QualityView(
      UUID windowId,
      String endpoint,
      String variant,
      String modelGroup,
      int version,
      Instant windowFrom,
      Instant windowTo,
      String source,
      boolean estimated,
      String objective,
      long sampleCount,
      Map<String, Double> metrics,
      Map<String, Double> trainingMetrics,
      List<String> degraded,
      Instant computedAt) {

    static QualityView of(WindowQuality q) {
      QualityWindow w = q.window();
      return new QualityView(
          w.windowId(),
          w.endpoint(),
          w.variant(),
          w.modelGroup(),
          w.version(),
          w.from(),
          w.to(),
          q.source().label(),
          q.estimated(),
          q.objective(),
          q.sampleCount(),
          q.metrics(),
          q.trainingMetrics(),
          q.degraded(),
          q.computedAt());
    }
  }

  private static List<Label> validated(GroundTruthRequest request) {
    if (request == null || request.labels() == null || request.labels().isEmpty()) {
      throw ApiException.badRequest("labels", "labels must hold at least one {requestId, label}");
    }
    if (request.labels().size() > MAX_LABELS) {
      throw ApiException.badRequest(
          "labels", "at most " + MAX_LABELS + " labels per request; split the batch");
    }
    List<FieldProblem> problems = new ArrayList<>();
    List<Label> labels = new ArrayList<>(request.labels().size());
    for (int i = 0; i < request.labels().size(); i++) {
      LabelEntry entry = request.labels().get(i);
      String at = "labels[" + i + "]";
      if (entry == null) {
        problems.add(new FieldProblem(at, "must be an object {requestId, label}"));
        continue;
      }
      if (entry.requestId() == null || entry.requestId().isBlank()) {
        problems.add(new FieldProblem(at + ".requestId", "requestId is required"));
      }
      Double value = numeric(entry.label());
      if (value == null) {
        problems.add(
            new FieldProblem(
                at + ".label",
                "label must be a number or a boolean, was "
                    + (entry.label() == null ? "missing" : "'" + entry.label() + "'")));
      }
      if (problems.isEmpty()) {
        labels.add(new Label(entry.requestId(), value));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid("Some labels are invalid; nothing was stored", problems);
    }
    return labels;
  }

  private static Double numeric(Object label) {
    if (label instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (label instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
