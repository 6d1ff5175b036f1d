package dev.aifactory.common.events;

/**
 * Drift of one feature in a window. {@code method} names the test (ks, chi-square, z-test,
 * wasserstein, jensen-shannon); {@code statistic} is compared with {@code threshold}, whose origin
 * ({@code fixed} or {@code calibrated}) is {@code thresholdSource}. PSI is reported alongside.
 */
public record FeatureDrift(
    String name,
    String method,
    double statistic,
    double threshold,
    String thresholdSource,
    double psi,
    boolean drifted) {}
