package dev.aifactory.training.run.local;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/** Quality of predictions on the validation split; undefined metrics are left out. */
final class ValidationMetrics {

  private static final double EPSILON = 1e-15;

  private ValidationMetrics() {}

  static Map<String, Double> binary(float[] labels, float[] probabilities) {
    int n = labels.length;
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long correct = 0;
    double logloss = 0;
    for (int i = 0; i < n; i++) {
      boolean actual = labels[i] >= 0.5f;
      boolean predicted = probabilities[i] >= 0.5f;
      if (actual == predicted) {
        correct++;
      }
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      }
      double p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i]));
      logloss -= actual ? Math.log(p) : Math.log(1 - p);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    Double auc = auc(labels, probabilities);
    if (auc != null) {
      metrics.put("auc", auc);
    }
    metrics.put("accuracy", (double) correct / n);
    metrics.put("logloss", logloss / n);
    metrics.put("f1", tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn));
    return metrics;
  }

  static Map<String, Double> regression(float[] labels, float[] predictions) {
    int n = labels.length;
    double mean = 0;
    for (float y : labels) {
      mean += y;
    }
    mean /= n;
    double squared = 0;
    double absolute = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double err = labels[i] - predictions[i];
      squared += err * err;
      absolute += Math.abs(err);
      total += (labels[i] - mean) * (labels[i] - mean);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rmse", Math.sqrt(squared / n));
    metrics.put("mae", absolute / n);
    if (total > 0) {
      metrics.put("r2", 1 - squared / total);
    }
    return metrics;
  }

  /** Area under the ROC curve by ranks (ties share their average rank); null with one class. */
  static Double auc(float[] labels, float[] scores) {
    int n = labels.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    long positives = 0;
    double positiveRanks = 0;
    for (int k = 0; k < n; k++) {
      if (labels[k] >= 0.5f) {
        positives++;
        positiveRanks += ranks[k];
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return null;
    }
    return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
