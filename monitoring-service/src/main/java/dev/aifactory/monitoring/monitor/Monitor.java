package dev.aifactory.monitoring.monitor;

import dev.aifactory.monitoring.drift.DriftMethod;
import dev.aifactory.monitoring.drift.DriftSettings;
import dev.aifactory.monitoring.drift.ThresholdMode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * How one endpoint is monitored: window length, minimum samples, drift thresholds and methods (null
 * method: chosen by reference size and feature type). {@code id} is null for the service defaults
 * of an endpoint without a monitor of its own.
 */
public record Monitor(
    UUID id,
    String team,
    String endpoint,
    Duration windowLength,
    int minSamples,
    double pValueThreshold,
    double distanceThreshold,
    double driftShareThreshold,
    ThresholdMode thresholds,
    DriftMethod numericMethod,
    DriftMethod categoricalMethod,
    Instant createdAt,
    Instant updatedAt) {

  /** The drift settings this monitor evaluates with. */
  public DriftSettings driftSettings(int smallReferenceLimit) {
    return new DriftSettings(
        smallReferenceLimit, pValueThreshold, distanceThreshold, numericMethod, categoricalMethod);
  }
}
