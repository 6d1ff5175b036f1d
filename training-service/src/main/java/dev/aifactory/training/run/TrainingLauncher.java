package dev.aifactory.training.run;

/** Compute that trains a model for a run. */
public interface TrainingLauncher {

  /**
   * Trains synchronously on the calling thread, reporting each round to {@code progress}.
   *
   * @throws TrainingFailure with a message for the run's owner when the data or parameters do not
   *     allow training
   * @throws TrainingStopped when {@code progress} asked to stop
   */
  TrainedModel train(TrainingJob job, RunProgress progress);

  /** Trains without following progress. */
  default TrainedModel train(TrainingJob job) {
    return train(job, RunProgress.IGNORED);
  }
}
