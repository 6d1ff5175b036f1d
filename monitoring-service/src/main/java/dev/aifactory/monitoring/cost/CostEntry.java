package dev.aifactory.monitoring.cost;

import java.time.Instant;

/**
 * One spend: a training run or a window of serving. {@code sourceId} (run id or window id) makes
 * recording idempotent; {@code predictions} is 0 for training.
 */
public record CostEntry(
    Kind kind,
    String sourceId,
    String team,
    String modelGroup,
    int version,
    String endpoint,
    double amount,
    double cpuSeconds,
    long predictions,
    Instant recordedAt) {

  /** What was paid for. */
  public enum Kind {
    TRAINING,
    SERVING
  }
}
