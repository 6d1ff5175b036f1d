package dev.aifactory.monitoring.drift;

/**
 * How the drift of one feature is measured. Two kinds, reported differently in {@code
 * FeatureDrift}:
 *
 * <ul>
 *   <li>statistical tests ({@link #KS}, {@link #Z_TEST}, {@link #CHI_SQUARE}): {@code statistic} is
 *       the test's p-value and the feature drifted when it is <em>below</em> the threshold (0.05);
 *   <li>distances ({@link #WASSERSTEIN}, {@link #JENSEN_SHANNON}): {@code statistic} is the
 *       distance and the feature drifted when it is <em>at or above</em> the threshold (0.1).
 * </ul>
 *
 * Tests suit small references; on large references they flag differences too small to matter, so
 * distances take over there (the choice Evidently makes, and the one the design asks for).
 */
public enum DriftMethod {
  /** Two-sample Kolmogorov-Smirnov test against the baseline sample; statistic = p-value. */
  KS("ks", true),
  /**
   * Two-proportion Z-test of a binary (0/1) feature's share of ones against the baseline sample;
   * statistic = two-sided p-value.
   */
  Z_TEST("z-test", true),
  /** Chi-square goodness of fit against the baseline category frequencies; statistic = p-value. */
  CHI_SQUARE("chi-square", true),
  /** First Wasserstein distance divided by the reference standard deviation. */
  WASSERSTEIN("wasserstein", false),
  /** Jensen-Shannon distance (square root of the divergence, natural log) of the frequencies. */
  JENSEN_SHANNON("jensen-shannon", false);

  private final String label;
  private final boolean test;

  DriftMethod(String label, boolean test) {
    this.label = label;
    this.test = test;
  }

  /** The name carried in {@code FeatureDrift.method}. */
  public String label() {
    return label;
  }

  /** True for p-value tests (drift when below the threshold), false for distances. */
  public boolean isTest() {
    return test;
  }

  /** The method with this label ({@code ks}, {@code z-test}, …); empty for an unknown one. */
  public static java.util.Optional<DriftMethod> ofLabel(String label) {
    for (DriftMethod method : values()) {
      if (method.label.equalsIgnoreCase(label)) {
        return java.util.Optional.of(method);
      }
    }
    return java.util.Optional.empty();
  }

  boolean drifted(double statistic, double threshold) {
    return test ? statistic < threshold : statistic >= threshold;
  }
}
