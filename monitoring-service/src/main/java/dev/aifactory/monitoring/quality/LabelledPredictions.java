package dev.aifactory.monitoring.quality;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Predictions of one window joined with their ground-truth labels. Binary: predictions are
 * probabilities of class 1 and labels 0 or 1, the predicted class is {@code p >= 0.5}; regression:
 * both are values.
 */
public record LabelledPredictions(double[] labels, double[] predictions) {

  /** Probabilities are clipped this far from 0 and 1 in the log loss (as scikit-learn does). */
  static final double CLIP = 1e-15;

  public LabelledPredictions {
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException("labels and predictions differ in length");
    }
  }

  /** Training's objectives are {@code binary} (probabilities) and {@code regression}. */
  public static boolean isBinary(String objective) {
    return objective != null && objective.toLowerCase(Locale.ROOT).startsWith("binary");
  }

  public int size() {
    return labels.length;
  }

  /**
   * The metrics of the objective: auc (when both classes occur), accuracy, f1, logloss; or rmse,
   * mae.
   */
  public Map<String, Double> metrics(String objective) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (size() == 0) {
      return metrics;
    }
    if (isBinary(objective)) {
      double auc = auc();
      if (Double.isFinite(auc)) {
        metrics.put("auc", auc);
      }
      metrics.put("accuracy", accuracy());
      metrics.put("f1", f1());
      metrics.put("logloss", logLoss());
    } else {
      metrics.put("rmse", rmse());
      metrics.put("mae", mae());
    }
    return metrics;
  }

  /**
   * Area under the ROC curve as the Mann-Whitney statistic: the probability that a random positive
   * scores above a random negative, ties counting half (average ranks). NaN with only one class.
   */
  public double auc() {
    int n = size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(predictions[a], predictions[b]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && predictions[order[j + 1]] == predictions[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1.0) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  public double accuracy() {
    int correct = 0;
    for (int i = 0; i < size(); i++) {
      if (predictedClass(i) == labels[i]) {
        correct++;
      }
    }
    return (double) correct / size();
  }

  /** F1 of class 1; 0 when the model predicts no positive and there is none to find. */
  public double f1() {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < size(); i++) {
      double predicted = predictedClass(i);
      if (predicted == 1.0 && labels[i] == 1.0) {
        tp++;
      } else if (predicted == 1.0) {
        fp++;
      } else if (labels[i] == 1.0) {
        fn++;
      }
    }
    return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  public double logLoss() {
    double sum = 0;
    for (int i = 0; i < size(); i++) {
      double p = Math.min(1 - CLIP, Math.max(CLIP, predictions[i]));
      sum -= labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p);
    }
    return sum / size();
  }

  public double rmse() {
    double sum = 0;
    for (int i = 0; i < size(); i++) {
      double e = predictions[i] - labels[i];
      sum += e * e;
    }
    return Math.sqrt(sum / size());
  }

  public double mae() {
    double sum = 0;
    for (int i = 0; i < size(); i++) {
      sum += Math.abs(predictions[i] - labels[i]);
    }
    return sum / size();
  }

  private double predictedClass(int i) {
    return predictions[i] >= 0.5 ? 1.0 : 0.0;
  }
}
