package dev.aifactory.monitoring.drift;

/**
 * Fixed thresholds of the drift statistics.
 *
 * @param smallReferenceLimit references with at most this many values use tests (KS, chi-square),
 *     larger ones distances (Wasserstein, Jensen-Shannon)
 * @param pValueThreshold a test's p-value below this means drift
 * @param distanceThreshold a distance at or above this means drift
 * @param numericMethod the method for numeric features, null to choose by reference size (a numeric
 *     feature without a reference sample always uses Jensen-Shannon of its bins)
 * @param categoricalMethod the method for categorical features, null to choose by reference size
 */
public record DriftSettings(
    int smallReferenceLimit,
    double pValueThreshold,
    double distanceThreshold,
    DriftMethod numericMethod,
    DriftMethod categoricalMethod) {

  public DriftSettings(int smallReferenceLimit, double pValueThreshold, double distanceThreshold) {
    this(smallReferenceLimit, pValueThreshold, distanceThreshold, null, null);
  }

  /** Methods that can measure a numeric feature. */
  public static final java.util.Set<DriftMethod> NUMERIC_METHODS =
      java.util.EnumSet.of(
          DriftMethod.KS, DriftMethod.Z_TEST, DriftMethod.WASSERSTEIN, DriftMethod.JENSEN_SHANNON);

  /** Methods that can measure a categorical feature. */
  public static final java.util.Set<DriftMethod> CATEGORICAL_METHODS =
      java.util.EnumSet.of(DriftMethod.CHI_SQUARE, DriftMethod.JENSEN_SHANNON);

  public static final DriftSettings DEFAULTS = new DriftSettings(1000, 0.05, 0.1);

  double thresholdFor(DriftMethod method) {
    return method.isTest() ? pValueThreshold : distanceThreshold;
  }
}
