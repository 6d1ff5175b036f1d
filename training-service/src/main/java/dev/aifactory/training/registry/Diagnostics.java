package dev.aifactory.training.registry;

import java.util.List;

/**
 * How a model behaves on its validation split, beyond the headline metrics: which features it
 * relies on (XGBoost's average gain per split), and for classification the confusion matrix, for
 * regression a summary of the residuals (actual − predicted). Absent parts are null.
 */
public record Diagnostics(
    List<FeatureImportance> featureImportance,
    ConfusionMatrix confusionMatrix,
    ResidualSummary residuals) {

  /** Average gain of the splits on {@code feature}; {@code share} of the summed gains (0..1). */
  public record FeatureImportance(String feature, double gain, double share) {}

  /**
   * {@code counts.get(actual).get(predicted)}, both indexed like {@code labels} (the class labels
   * in the order of the model's label mapping).
   */
  public record ConfusionMatrix(List<String> labels, List<List<Long>> counts) {}

  /** Distribution of actual − predicted on the validation split. */
  public record ResidualSummary(
      long count,
      double mean,
      double std,
      double min,
      double p05,
      double p25,
      double median,
      double p75,
      double p95,
      double max) {}

  public static final Diagnostics NONE = new Diagnostics(List.of(), null, null);

  /** The {@code k} most important features. */
  public List<FeatureImportance> top(int k) {
    return featureImportance == null
        ? List.of()
        : featureImportance.subList(0, Math.min(k, featureImportance.size()));
  }
}
