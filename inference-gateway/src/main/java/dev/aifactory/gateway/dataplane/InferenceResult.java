package dev.aifactory.gateway.dataplane;

/** Scores of one request and where the time went. */
public record InferenceResult(
    ServingTarget target, double[] predictions, long backendNanos, long totalNanos) {

  public long overheadNanos() {
    return Math.max(0, totalNanos - backendNanos);
  }

  public double overheadMillis() {
    return overheadNanos() / 1_000_000.0;
  }

  public double latencyMillis() {
    return totalNanos / 1_000_000.0;
  }
}
