package dev.aifactory.common.events;

/**
 * A training run was cancelled before it finished; {@code cancelledBy} is the caller (or {@code
 * system:timeout}).
 */
public record TrainingRunCancelled(
    String team,
    String runId,
    String modelGroup,
    String cancelledBy,
    String reason,
    long durationMs,
    String trigger)
    implements DomainEvent {

  @Override
  public String eventType() {
    return "training.run-cancelled";
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
