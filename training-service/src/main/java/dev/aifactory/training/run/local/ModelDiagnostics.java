package dev.aifactory.training.run.local;

import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.training.registry.Diagnostics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** The parts of {@link Diagnostics} the local launcher computes from a booster and its split. */
final class ModelDiagnostics {

  private ModelDiagnostics() {}

  /**
   * Average gain per feature, highest first; features the trees never split on get 0, so every
   * feature is listed. Ties keep the schema's order.
   */
  static List<Diagnostics.FeatureImportance> importance(Booster booster, List<FeatureSpec> features)
      throws XGBoostError {
    String[] names = features.stream().map(FeatureSpec::name).toArray(String[]::new);
    Map<String, Double> gains = booster.getScore(names, "gain");
    double total = gains.values().stream().mapToDouble(Double::doubleValue).sum();
    List<Diagnostics.FeatureImportance> out = new ArrayList<>();
    for (String name : names) {
      double gain = gains.getOrDefault(name, 0.0);
      out.add(new Diagnostics.FeatureImportance(name, gain, total > 0 ? gain / total : 0.0));
    }
    out.sort(Comparator.comparingDouble(Diagnostics.FeatureImportance::gain).reversed()); // stable
    return List.copyOf(out);
  }

  static Diagnostics.ConfusionMatrix confusion(List<String> labels, long[][] counts) {
    List<List<Long>> rows = new ArrayList<>();
    for (long[] row : counts) {
      rows.add(Arrays.stream(row).boxed().toList());
    }
    return new Diagnostics.ConfusionMatrix(labels, List.copyOf(rows));
  }

  /** Summary of actual − predicted. */
  static Diagnostics.ResidualSummary residuals(float[] actual, float[] predicted) {
    int n = actual.length;
    double[] r = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      r[i] = (double) actual[i] - predicted[i];
      sum += r[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (double v : r) {
      squares += (v - mean) * (v - mean);
    }
    Arrays.sort(r);
    return new Diagnostics.ResidualSummary(
        n,
        mean,
        n > 1 ? Math.sqrt(squares / (n - 1)) : 0.0,
        r[0],
        quantile(r, 0.05),
        quantile(r, 0.25),
        quantile(r, 0.5),
        quantile(r, 0.75),
        quantile(r, 0.95),
        r[n - 1]);
  }

  /** Linear interpolation between the closest ranks of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
