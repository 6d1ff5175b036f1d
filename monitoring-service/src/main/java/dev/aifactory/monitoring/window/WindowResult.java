package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.FeatureDrift;
import java.time.Instant;
import java.util.List;

/**
 * What the evaluation of a window found. Latency percentiles are in milliseconds; {@code
 * baselineFound} is false when no baseline of the model version was known, so drift was not
 * measured.
 */
public record WindowResult(
    long count,
    double latencyP50,
    double latencyP95,
    double latencyP99,
    double errorRate,
    double driftShare,
    boolean datasetDrift,
    List<FeatureDrift> features,
    FeatureDrift predictionDrift,
    boolean baselineFound,
    Instant evaluatedAt) {}
