package dev.aifactory.training.run;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.training.registry.Diagnostics;
import java.util.List;
import java.util.Map;

/**
 * A trained model: the XGBoost model in its UBJSON format, validation metrics, the input schema,
 * the drift baseline, the effective parameters and, for a binary target given as two labels, which
 * label became 0 and which 1 (for multiclass: each label's class index); {@code diagnostics} are
 * the feature importance and the confusion matrix or residual summary on the validation split.
 */
public record TrainedModel(
    byte[] model,
    Map<String, Double> metrics,
    List<FeatureSpec> featureSchema,
    DriftBaseline baseline,
    Map<String, String> params,
    Map<String, Integer> labelMapping,
    double cpuSeconds,
    Diagnostics diagnostics,
    String modelPackageArn,
    Double costUsd) {

  /** A model without diagnostics (a launcher that cannot compute them). */
  public TrainedModel(
      byte[] model,
      Map<String, Double> metrics,
      List<FeatureSpec> featureSchema,
      DriftBaseline baseline,
      Map<String, String> params,
      Map<String, Integer> labelMapping,
      double cpuSeconds) {
    this(
        model,
        metrics,
        featureSchema,
        baseline,
        params,
        labelMapping,
        cpuSeconds,
        Diagnostics.NONE,
        null,
        null);
  }
}
