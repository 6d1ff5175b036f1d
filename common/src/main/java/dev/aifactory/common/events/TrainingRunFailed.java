package dev.aifactory.common.events;

/** A training run failed; {@code error} says why in words. */
public record TrainingRunFailed(
    String team, String runId, String modelGroup, String error, long durationMs, String trigger)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "training.run-failed";
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
