package dev.aifactory.monitoring.quality;

/**
 * Confidence-based performance estimation (CBPE) for a binary classifier without labels: if the
 * predicted probabilities are calibrated, a prediction p is right with probability max(p, 1 − p),
 * so the expected accuracy of a window is the mean of those. It is an estimate: a model that has
 * become confidently wrong (concept drift) is not seen; labels are.
 */
public record ConfidenceEstimate(double[] probabilities) {

  public double expectedAccuracy() {
    if (probabilities.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double p : probabilities) {
      double clipped = Math.min(1, Math.max(0, p));
      sum += Math.max(clipped, 1 - clipped);
    }
    return sum / probabilities.length;
  }
}
