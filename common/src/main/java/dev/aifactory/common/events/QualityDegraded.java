package dev.aifactory.common.events;

import java.time.Instant;

/**
 * A model version's measured (or, when {@code estimated}, confidence-based) quality in a window
 * dropped past the threshold against its training metric.
 */
public record QualityDegraded(
    String team,
    String modelGroup,
    int version,
    String endpoint,
    String metric,
    double baseline,
    double observed,
    boolean estimated,
    Instant windowFrom,
    Instant windowTo)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "monitoring.quality-degraded";
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
