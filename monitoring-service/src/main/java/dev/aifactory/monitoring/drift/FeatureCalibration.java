package dev.aifactory.monitoring.drift;

/**
 * The noise of one feature's distance measured on its own reference: {@code chunks} chunks of
 * {@code chunkSize} values each compared with the reference, giving {@code mean} and {@code std} of
 * the distance.
 *
 * <p>A distance's sampling noise shrinks with the square root of the sample size, so the threshold
 * for a window of n values is {@code (mean + 3σ) · sqrt((1/n + 1/referenceSize) / chunkVariance)}:
 * {@code 1/n + 1/N} is the variance factor of a window of n against a reference of N, {@code
 * chunkVariance} that of the calibration ({@code 1/c − 1/N} for a chunk taken out of the reference,
 * {@code 1/c} for a chunk drawn from the reference frequencies). A small window thus gets a higher
 * threshold and does not cry wolf.
 *
 * @param method the {@link DriftMethod#label()} the calibration was made for
 * @param chunks how many chunk statistics were taken (over several splits of the reference)
 */
public record FeatureCalibration(
    String name,
    String method,
    int chunks,
    int chunkSize,
    double mean,
    double std,
    long referenceSize,
    double chunkVariance) {

  /** Calibrated threshold for a window of {@code windowSize} values. */
  public double thresholdFor(int windowSize) {
    double base = mean + 3 * std;
    if (windowSize <= 0 || chunkVariance <= 0) {
      return base;
    }
    double windowVariance = 1.0 / windowSize + (referenceSize > 0 ? 1.0 / referenceSize : 0.0);
    return base * Math.sqrt(windowVariance / chunkVariance);
  }
}
