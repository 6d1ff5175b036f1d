package dev.aifactory.common.events;

/**
 * An endpoint burns its SLO error budget faster than allowed: {@code burnRate} over the long and
 * short windows (multi-window burn-rate alert, e.g. 14.4 over 1 h and 5 min).
 */
public record SloViolated(
    String team,
    String endpoint,
    String sloId,
    String objective,
    double target,
    double burnRateLong,
    double burnRateShort,
    double threshold,
    String longWindow,
    String shortWindow)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "monitoring.slo-violated";
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
