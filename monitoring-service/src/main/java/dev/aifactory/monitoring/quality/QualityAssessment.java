package dev.aifactory.monitoring.quality;

import dev.aifactory.common.events.QualityDegraded;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.monitoring.MonitoringProperties;
import dev.aifactory.monitoring.baseline.Baselines;
import dev.aifactory.monitoring.baseline.ModelBaseline;
import dev.aifactory.monitoring.quality.GroundTruth.CaptureRef;
import dev.aifactory.monitoring.quality.WindowQuality.Source;
import dev.aifactory.monitoring.violation.Violation;
import dev.aifactory.monitoring.violation.Violations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Model quality per window: measured when ground-truth labels arrive (joined with the stored
 * captures, however late), estimated from the predicted probabilities (CBPE) when the window is
 * evaluated. Both are compared with the version's training metrics (from {@code
 * model.version-registered}); a metric that falls past its drop threshold publishes {@code
 * monitoring.quality-degraded} once per window, metric and source.
 */
@Service
public class QualityAssessment {

  private final GroundTruth groundTruth;
  private final QualityResults results;
  private final Baselines baselines;
  private final Outbox outbox;
  private final Violations violations;
  private final QualityDropThreshold threshold;
  private final int minLabels;
  private final Clock clock;

  QualityAssessment(
      GroundTruth groundTruth,
      QualityResults results,
      Baselines baselines,
      Outbox outbox,
      Violations violations,
      MonitoringProperties properties,
      Clock clock) {
    this.violations = violations;
    this.groundTruth = groundTruth;
    this.results = results;
    this.baselines = baselines;
    this.outbox = outbox;
    this.threshold = properties.qualityDropThreshold();
    this.minLabels = properties.qualityMinLabels();
    this.clock = clock;
  }

  /** One ground-truth label as received; {@code label} is a number or a boolean. */
  public record Label(String requestId, double label) {}

  /**
   * What a batch of labels did: how many were stored, which request ids have no capture (not
   * stored), and which windows' quality was (re)computed.
   */
  public record Receipt(int accepted, List<String> unknownRequestIds, int windowsAssessed) {}

  /**
   * Stores the labels of captured requests and recomputes the quality of their windows; all or
   * nothing: a label that does not fit its model's objective rejects the batch.
   */
  @Transactional
  public Receipt acceptLabels(String team, String endpoint, List<Label> labels) {
    // Another team's endpoint, or one never seen, is not found: labels are never accepted for it.
    if (!groundTruth.knowsEndpoint(team, endpoint)) {
      throw new EndpointNotFound(endpoint);
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i).requestId(), i);
    }
    List<CaptureRef> found = groundTruth.captures(team, endpoint, index.keySet());
    Map<String, QualityWindow> windowsById = new LinkedHashMap<>();
    Set<String> known = new LinkedHashSet<>();
    Map<String, Optional<ModelBaseline>> baselineCache = new LinkedHashMap<>();
    for (CaptureRef capture : found) {
      known.add(capture.requestId());
      QualityWindow window = capture.window();
      windowsById.putIfAbsent(window.windowId().toString(), window);
      String objective = baseline(baselineCache, window).map(ModelBaseline::objective).orElse(null);
      int at = index.get(capture.requestId());
      double label = labels.get(at).label();
      if (LabelledPredictions.isBinary(objective) && label != 0.0 && label != 1.0) {
        throw new LabelRejected(
            "labels[" + at + "].label",
            "the model is a binary classifier: the label must be 0, 1, true or false, was "
                + label);
      }
    }
    Map<String, Double> toStore = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Label label : labels) {
      if (known.contains(label.requestId())) {
        toStore.put(label.requestId(), label.label());
      } else {
        unknown.add(label.requestId());
      }
    }
    groundTruth.save(team, endpoint, toStore, clock.instant());
    int assessed = 0;
    for (QualityWindow window : windowsById.values()) {
      Optional<ModelBaseline> baseline = baseline(baselineCache, window);
      if (baseline.isPresent() && measure(window, baseline.get())) {
        assessed++;
      }
    }
    return new Receipt(toStore.size(), List.copyOf(unknown), assessed);
  }

  /**
   * Estimates the quality of a binary classifier's window from its predicted probabilities; call in
   * the transaction that evaluates the window. Nothing for regression models or without
   * predictions.
   */
  public Optional<WindowQuality> estimate(
      QualityWindow window, ModelBaseline baseline, List<Double> predictions) {
    if (baseline == null || !LabelledPredictions.isBinary(baseline.objective())) {
      return Optional.empty();
    }
    double[] probabilities =
        predictions.stream().filter(p -> p != null).mapToDouble(Double::doubleValue).toArray();
    if (probabilities.length == 0) {
      return Optional.empty();
    }
    return estimate(
        window,
        baseline,
        probabilities.length,
        new ConfidenceEstimate(probabilities).expectedAccuracy());
  }

  /**
   * As above, from the window's count of predictions and their CBPE expected accuracy (mean of
   * max(p, 1 − p)), summed as captures arrived.
   */
  public Optional<WindowQuality> estimate(
      QualityWindow window, ModelBaseline baseline, long predictions, double expectedAccuracy) {
    if (baseline == null
        || !LabelledPredictions.isBinary(baseline.objective())
        || predictions == 0
        || Double.isNaN(expectedAccuracy)) {
      return Optional.empty();
    }
    Map<String, Double> metrics = Map.of("accuracy", expectedAccuracy);
    return Optional.of(
        record(
            window,
            baseline,
            Source.ESTIMATED,
            (int) Math.min(Integer.MAX_VALUE, predictions),
            metrics));
  }

  private boolean measure(QualityWindow window, ModelBaseline baseline) {
    LabelledPredictions labelled = groundTruth.labelled(window.windowId());
    if (labelled.size() == 0) {
      return false;
    }
    record(
        window, baseline, Source.MEASURED, labelled.size(), labelled.metrics(baseline.objective()));
    return true;
  }

  private WindowQuality record(
      QualityWindow window,
      ModelBaseline baseline,
      Source source,
      long samples,
      Map<String, Double> metrics) {
    Map<String, Double> training =
        baseline.trainingMetrics() == null ? Map.of() : baseline.trainingMetrics();
    // Too few labels measure luck, not the model: reported, but not compared.
    List<String> degraded =
        source == Source.MEASURED && samples < minLabels
            ? List.of()
            : threshold.degraded(training, metrics);
    WindowQuality quality =
        new WindowQuality(
            window,
            source,
            baseline.objective(),
            samples,
            metrics,
            training,
            degraded,
            clock.instant());
    results.save(quality);
    for (String metric : degraded) {
      if (results.firstAlert(window.windowId(), metric, quality.estimated())) {
        violations.record(
            new Violation(
                UUID.randomUUID(),
                window.team(),
                window.endpoint(),
                window.modelGroup(),
                window.version(),
                window.windowId(),
                Violation.Kind.QUALITY,
                metric,
                "%s%s %.4f vs training %.4f"
                    .formatted(
                        quality.estimated() ? "estimated " : "",
                        metric,
                        metrics.get(metric),
                        training.get(metric)),
                quality.sampleCount(),
                clock.instant()));
        outbox.publish(
            new QualityDegraded(
                window.team(),
                window.modelGroup(),
                window.version(),
                window.endpoint(),
                metric,
                training.get(metric),
                metrics.get(metric),
                quality.estimated(),
                window.from(),
                window.to()));
      }
    }
    return quality;
  }

  private Optional<ModelBaseline> baseline(
      Map<String, Optional<ModelBaseline>> cache, QualityWindow window) {
    return cache.computeIfAbsent(
        window.modelGroup() + "/" + window.version(),
        k -> baselines.find(window.team(), window.modelGroup(), window.version()));
  }
}
