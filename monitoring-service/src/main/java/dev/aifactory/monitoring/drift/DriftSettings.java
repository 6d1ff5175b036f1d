package dev.aifactory.monitoring.drift;

/**
 * Fixed thresholds of the drift statistics.
 *
 * @param smallReferenceLimit references with at most this many values use tests (KS, chi-square),
 *     larger ones distances (Wasserstein, Jensen-Shannon)
 * @param pValueThreshold a test's p-value below this means drift
 * @param distanceThreshold a distance at or above this means drift
 */
public record DriftSettings(
    int smallReferenceLimit, double pValueThreshold, double distanceThreshold) {

  public static final DriftSettings DEFAULTS = new DriftSettings(1000, 0.05, 0.1);

  double thresholdFor(DriftMethod method) {
    return method.isTest() ? pValueThreshold : distanceThreshold;
  }
}
