package dev.aifactory.common.events;

import java.time.Instant;
import java.util.List;

/** Monitoring closed a window of one endpoint variant and model version. */
public record WindowEvaluated(
    String team,
    String endpoint,
    String variant,
    String modelGroup,
    int version,
    Instant windowFrom,
    Instant windowTo,
    long count,
    double latencyP50,
    double latencyP95,
    double latencyP99,
    double errorRate,
    double driftShare,
    List<FeatureDrift> features,
    FeatureDrift predictionDrift)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "monitoring.window-evaluated";
  }

  @Override
  public String topic() {
    return Topics.MONITORING;
  }

  @Override
  public String key() {
    return endpoint;
  }
}
