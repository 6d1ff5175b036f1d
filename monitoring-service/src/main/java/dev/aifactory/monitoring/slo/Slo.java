package dev.aifactory.monitoring.slo;

import dev.aifactory.common.events.CapturedInference;
import java.time.Instant;
import java.util.UUID;

/**
 * A service level objective of an endpoint, e.g. 99.5 % of requests faster than 100 ms over 30
 * days. {@code latencyThresholdMs} is set for {@link SloObjective#LATENCY} only.
 */
public record Slo(
    UUID id,
    String team,
    String endpoint,
    String name,
    SloObjective objective,
    double target,
    Double latencyThresholdMs,
    int periodDays,
    Instant createdAt,
    Instant updatedAt) {

  /** Whether the request met the objective; a server error never does, a 4xx is the caller's. */
  public boolean good(CapturedInference r) {
    return good(r.latencyMs(), r.status());
  }

  /** As {@link #good(CapturedInference)}, from a request's latency (ms) and status. */
  public boolean good(double latencyMs, int status) {
    if (status >= 500) {
      return false;
    }
    return objective == SloObjective.AVAILABILITY || latencyMs < latencyThresholdMs;
  }

  /** The objective in words, as carried by {@code monitoring.slo-violated}. */
  public String describe() {
    return objective == SloObjective.AVAILABILITY
        ? "availability"
        : "latency < " + stripZero(latencyThresholdMs) + " ms";
  }

  private static String stripZero(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
