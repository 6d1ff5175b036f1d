package dev.aifactory.monitoring;

import dev.aifactory.monitoring.drift.ThresholdMode;
import dev.aifactory.monitoring.quality.QualityDropThreshold;
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
 * @param thresholds {@code calibrated} (default): distances use thresholds calibrated from the
 *     reference; {@code fixed}: {@code distanceThreshold} everywhere
 * @param calibrationChunks into how many chunks the reference is split for calibration
 * @param captureRetention how long captures (with their predictions) and labels are kept, so that
 *     labels arriving days later still find their capture
 * @param purgeInterval how often captures and labels past the retention are deleted
 * @param qualityMinLabels fewer labels in a window: quality is reported but not compared
 * @param qualityDropThreshold how far quality may fall below the training metric
 * @param alarmErrorRate error rate at which an endpoint's error-rate alarm fires
 * @param windowRetention how long window results (and violations, SLO samples) are kept; older
 *     partitions of the window table are dropped
 * @param partitionInterval granularity of the window table's partitions: {@code month} or {@code
 *     day}
 * @param partitionsAhead how many partitions beyond the current one are created in advance
 * @param modelMonitorSample windows with more captures get their Model Monitor statistics from a
 *     uniform sample of this many rows (drift and counts always use every capture)
 * @param agreementTolerance relative difference within which a regression candidate's prediction
 *     agrees with the champion's (classifiers agree on the class)
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
    @DefaultValue("0.1") double distanceThreshold,
    @DefaultValue("calibrated") ThresholdMode thresholds,
    @DefaultValue("10") int calibrationChunks,
    @DefaultValue("7d") Duration captureRetention,
    @DefaultValue("1h") Duration purgeInterval,
    @DefaultValue("20") int qualityMinLabels,
    @DefaultValue QualityDropThreshold qualityDropThreshold,
    @DefaultValue("0.05") double alarmErrorRate,
    @DefaultValue("0.05") double agreementTolerance,
    @DefaultValue("400d") Duration windowRetention,
    @DefaultValue("month") PartitionInterval partitionInterval,
    @DefaultValue("2") int partitionsAhead,
    @DefaultValue("10000") int modelMonitorSample) {

  /** Granularity of the window table's time partitions. */
  public enum PartitionInterval {
    DAY,
    MONTH
  }

  /** A misconfigured monitor fails at startup, naming the setting, rather than per window. */
  public MonitoringProperties {
    require(positive(windowLength), "window-length", "must be positive, was " + windowLength);
    require(
        allowedLateness != null && !allowedLateness.isNegative(),
        "allowed-lateness",
        "must not be negative, was " + allowedLateness);
    require(positive(evaluateInterval), "evaluate-interval", "must be positive");
    require(minSamples >= 1, "min-samples", "must be at least 1, was " + minSamples);
    require(
        driftShareThreshold > 0 && driftShareThreshold <= 1,
        "drift-share-threshold",
        "must be in (0, 1], was " + driftShareThreshold);
    require(
        pValueThreshold > 0 && pValueThreshold < 1,
        "p-value-threshold",
        "must be in (0, 1), was " + pValueThreshold);
    require(distanceThreshold > 0, "distance-threshold", "must be positive");
    require(calibrationChunks >= 3, "calibration-chunks", "must be at least 3");
    require(positive(captureRetention), "capture-retention", "must be positive");
    require(positive(purgeInterval), "purge-interval", "must be positive");
    require(qualityMinLabels >= 1, "quality-min-labels", "must be at least 1");
    require(
        alarmErrorRate > 0 && alarmErrorRate <= 1,
        "alarm-error-rate",
        "must be in (0, 1], was " + alarmErrorRate);
    require(
        agreementTolerance >= 0 && agreementTolerance < 1,
        "agreement-tolerance",
        "must be in [0, 1), was " + agreementTolerance);
    require(positive(windowRetention), "window-retention", "must be positive");
    require(
        windowRetention == null
            || captureRetention == null
            || windowRetention.compareTo(captureRetention) >= 0,
        "window-retention",
        "must be at least capture-retention (labels join captures to windows)");
    require(partitionsAhead >= 1, "partitions-ahead", "must be at least 1, was " + partitionsAhead);
    require(
        modelMonitorSample >= 1,
        "model-monitor-sample",
        "must be at least 1, was " + modelMonitorSample);
  }

  private static boolean positive(Duration duration) {
    return duration != null && !duration.isZero() && !duration.isNegative();
  }

  private static void require(boolean condition, String setting, String message) {
    if (!condition) {
      throw new IllegalArgumentException("aifactory.monitoring." + setting + " " + message);
    }
  }
}
