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

  /**
   * Accuracy, macro-averaged F1 (every class weighs the same, so a rare class doing badly shows)
   * and multiclass log loss; {@code probabilities[i][c]} is row i's probability of class c.
   */
  static Map<String, Double> multiclass(float[] labels, float[][] probabilities) {
    int n = labels.length;
    int k = probabilities.length == 0 ? 0 : probabilities[0].length;
    long[][] confusion = confusion(labels, argmax(probabilities), k);
    long correct = 0;
    double logloss = 0;
    for (int i = 0; i < n; i++) {
      int actual = (int) labels[i];
      if (argmax(probabilities[i]) == actual) {
        correct++;
      }
      logloss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i][actual])));
    }
    double f1Sum = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      long tp = confusion[c][c];
      long fn = 0;
      long fp = 0;
      for (int o = 0; o < k; o++) {
        if (o != c) {
          fn += confusion[c][o];
          fp += confusion[o][c];
        }
      }
      if (tp + fn + fp == 0) {
        continue; // class absent from the split and never predicted: F1 undefined, left out
      }
      present++;
      f1Sum += 2.0 * tp / (2.0 * tp + fp + fn);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", (double) correct / n);
    metrics.put("f1_macro", present == 0 ? 0.0 : f1Sum / present);
    metrics.put("logloss", logloss / n);
    return metrics;
  }

  /** {@code [actual][predicted]} counts over {@code k} classes. */
  static long[][] confusion(float[] labels, int[] predicted, int k) {
    long[][] counts = new long[k][k];
    for (int i = 0; i < labels.length; i++) {
      counts[(int) labels[i]][predicted[i]]++;
    }
    return counts;
  }

  static int[] argmax(float[][] probabilities) {
    int[] out = new int[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      out[i] = argmax(probabilities[i]);
    }
    return out;
  }

  /** The most probable class; the lower index wins a tie, so the choice is deterministic. */
  static int argmax(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
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
