package dev.aifactory.common.events;

import java.util.Map;

/** A training run succeeded and registered {@code version} of the model group. */
public record TrainingRunCompleted(
    String team,
    String runId,
    String modelGroup,
    int version,
    Map<String, Double> metrics,
    long durationMs,
    double cost,
    String trigger)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "training.run-completed";
  }

  @Override
  public String topic() {
    return Topics.TRAINING;
  }

  @Override
  public String key() {
    return runId;
  }
}
