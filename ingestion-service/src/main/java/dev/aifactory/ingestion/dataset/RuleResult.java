package dev.aifactory.ingestion.dataset;

/**
 * Outcome of one quality rule on one version. {@code observed} is the measured value the rule
 * compared (a share, a count, or the share of values satisfying a value rule); null when the rule
 * could not be measured (its column is missing). {@code approximate} marks uniqueness measured
 * beyond the exact-tracking cap.
 */
public record RuleResult(
    String rule, boolean passed, Double observed, boolean approximate, String detail) {}
