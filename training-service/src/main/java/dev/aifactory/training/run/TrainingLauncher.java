package dev.aifactory.training.run;

/** Compute that trains a model for a run. */
public interface TrainingLauncher {

  /**
   * Trains synchronously on the calling thread.
   *
   * @throws TrainingFailure with a message for the run's owner when the data or parameters do not
   *     allow training
   */
  TrainedModel train(TrainingJob job);
}
