package dev.aifactory.common.events;

import java.time.Instant;
import java.util.List;

/** The share of drifted features in a window reached the dataset-drift threshold. */
public record DriftDetected(
    String team,
    String modelGroup,
    int version,
    String endpoint,
    Instant windowFrom,
    Instant windowTo,
    double driftShare,
    List<FeatureDrift> features,
    String reportId)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "monitoring.drift-detected";
  }

  @Override
  public String topic() {
    return Topics.MONITORING;
  }

  @Override
  public String key() {
    return modelGroup;
  }
}
