package dev.aifactory.common.events;

/** A training run left the queue and is running. */
public record TrainingRunStarted(
    String team, String runId, String modelGroup, String requestId, String trigger)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "training.run-started";
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
