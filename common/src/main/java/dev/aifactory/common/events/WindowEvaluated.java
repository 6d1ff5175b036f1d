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
    FeatureDrift predictionDrift,
    ChampionComparison vsChampion)
    implements DomainEvent {

  /** The shape before the fields added later; those default to null. */
  public WindowEvaluated(
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
      FeatureDrift predictionDrift) {
    this(
        team,
        endpoint,
        variant,
        modelGroup,
        version,
        windowFrom,
        windowTo,
        count,
        latencyP50,
        latencyP95,
        latencyP99,
        errorRate,
        driftShare,
        features,
        predictionDrift,
        null);
  }

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
