package dev.aifactory.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Windowing and drift settings.
 *
 * @param windowLength length of the tumbling windows (per endpoint, variant, model group, version)
 * @param allowedLateness how long after its end a window still accepts captures before it is
 *     evaluated
 * @param evaluateInterval how often the evaluator looks for windows to close
 * @param minSamples fewer captures than this: the window is closed without drift statistics
 * @param driftShareThreshold share of drifted features at which the dataset counts as drifted
 * @param smallReferenceLimit baselines up to this size use tests (KS, chi-square), larger ones
 *     distances
 * @param pValueThreshold p-value below which a test reports drift
 * @param distanceThreshold distance at or above which Wasserstein/Jensen-Shannon report drift
 */
@ConfigurationProperties("aifactory.monitoring")
public record MonitoringProperties(
    @DefaultValue("60s") Duration windowLength,
    @DefaultValue("5s") Duration allowedLateness,
    @DefaultValue("2s") Duration evaluateInterval,
    @DefaultValue("50") int minSamples,
    @DefaultValue("0.5") double driftShareThreshold,
    @DefaultValue("1000") int smallReferenceLimit,
    @DefaultValue("0.05") double pValueThreshold,
    @DefaultValue("0.1") double distanceThreshold) {}
