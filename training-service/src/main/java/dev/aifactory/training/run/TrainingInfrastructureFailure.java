package dev.aifactory.training.run;

/**
 * Training failed for a reason outside the run's data and parameters (the compute service was
 * unavailable, throttled, or lost): the run is re-queued, up to {@code
 * aifactory.training.max-attempts}, instead of failing.
 */
public class TrainingInfrastructureFailure extends TrainingFailure {

  public TrainingInfrastructureFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
